import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';
import { WorkOrdersService } from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { registerUser, SignedInUser, tenantOf } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });

/** The statements sent within one `counted` call, wherever in the process they run (BEGIN and COMMIT included). */
const counter = new AsyncLocalStorage<{ sent: number }>();
const send = Client.prototype.query as (...args: unknown[]) => unknown;

async function counted(work: () => Promise<unknown>): Promise<number> {
  const tally = { sent: 0 };
  await counter.run(tally, work);
  return tally.sent;
}

/**
 * API.md §7 and issue 13: a release or a completion takes the same number of SQL round trips for an order of 5
 * components as for one of 50 — batched locks, updates and inserts, no statement per line.
 */
describe('Work-order transitions in round trips that do not grow with the lines', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let tenant: TenantContext;
  let warehouses: { source: string; target: string };

  const post = (path: string, body: object) => t.http().post(path).set(auth(owner)).send(body).expect(201);

  /** A finished item whose default BOM takes one of each of `components` raw items, all in stock. */
  async function productOf(components: number): Promise<string> {
    const create = (sku: string, kind: string) =>
      post('/items', { sku, name: sku, uom: 'pcs', kind, valuationRate: '1.5' }).then((res) => res.body.id as string);
    const finished = await create(`FG-${components}`, 'finished');
    const raws = await Promise.all(Array.from({ length: components }, (_v, i) => create(`R${components}-${i}`, 'raw')));
    await post('/stock/adjustments', {
      warehouseId: warehouses.source,
      reason: 'opening',
      lines: raws.map((itemId) => ({ itemId, quantity: '10' })),
    });
    await post('/bom', {
      itemId: finished,
      code: `BOM-${components}`,
      isDefault: true,
      lines: raws.map((itemId) => ({ itemId, quantity: '1' })),
    });
    return finished;
  }

  beforeAll(async () => {
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const tally = counter.getStore();
      if (tally) tally.sent += 1;
      return send.apply(this, args);
    } as typeof Client.prototype.query;
    t = await createTestApp();
    owner = await registerUser(t, 'trips');
    tenant = tenantOf(owner);
    const warehouse = (code: string) =>
      post('/warehouses', { code, name: code, kind: 'internal' }).then((res) => res.body.id as string);
    warehouses = { source: await warehouse('SRC'), target: await warehouse('FG') };
  });

  afterAll(async () => {
    Client.prototype.query = send as typeof Client.prototype.query;
    await t.close();
  });

  it('releases and completes an order of 50 components in the round trips of one of 5', async () => {
    const workOrders = t.app.get(WorkOrdersService);
    const trips = async (components: number) => {
      const itemId = await productOf(components);
      const order = await workOrders.create(tenant, {
        itemId,
        quantity: '2',
        sourceWarehouseId: warehouses.source,
        targetWarehouseId: warehouses.target,
      });
      const release = await counted(() => workOrders.release(tenant, order.id));
      const complete = await counted(() => workOrders.complete(tenant, order.id, {}));
      return { release, complete };
    };
    const few = await trips(5);
    const many = await trips(50);
    expect(many).toEqual(few);
    // Sanity: the count saw the transaction (BEGIN, the work, COMMIT), not nothing.
    expect(few.complete).toBeGreaterThanOrEqual(4);
  });
});
