import { randomUUID } from 'node:crypto';
import { StockMovements, StockRelease, StockReservation } from '@app/inventory';
import { ApiError, TenantContext, Transactions } from '@app/platform';
import { registerUser, SignedInUser, tenantOf } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The allocation primitives work orders will use (no HTTP route reaches them yet), driven through the real
 * service against the real database, with the effect checked over HTTP.
 */
describe('stock reservations (StockMovements.reserve / release)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let tenant: TenantContext;
  let movements: StockMovements;
  let transactions: Transactions;
  const reserve = (reservation: StockReservation) =>
    transactions.run((unitOfWork) => movements.reserve(unitOfWork, tenant, reservation));
  const release = (stockRelease: StockRelease) =>
    transactions.run((unitOfWork) => movements.release(unitOfWork, tenant, stockRelease));
  let warehouseId: string;
  const item: Record<string, string> = {};

  const auth = () => ({ Authorization: `Bearer ${owner.token}` });
  const balance = async (itemId: string) =>
    (await t.http().get(`/stock/balances?itemId=${itemId}&warehouseId=${warehouseId}`).set(auth()).expect(200)).body
      .data[0] as { onHand: string; reserved: string; available: string };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as ApiError,
    );

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'reservations');
    tenant = tenantOf(owner);
    movements = t.app.get(StockMovements);
    transactions = t.app.get(Transactions);
    for (const sku of ['A', 'B', 'C']) {
      item[sku] = (
        await t.http().post('/items').set(auth()).send({ sku, name: sku, uom: 'pcs', kind: 'raw' }).expect(201)
      ).body.id;
    }
    warehouseId = (
      await t.http().post('/warehouses').set(auth()).send({ code: 'R', name: 'Reserve', kind: 'internal' }).expect(201)
    ).body.id;
    await t
      .http()
      .post('/stock/adjustments')
      .set(auth())
      .send({
        warehouseId,
        reason: 'in',
        lines: [
          { itemId: item.A, quantity: '10', rate: '1' },
          { itemId: item.B, quantity: '4', rate: '1' },
        ],
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('reserves: reserved rises, available falls, on hand stays; issues cannot take reserved stock', async () => {
    const order = randomUUID();
    await reserve({
      referenceType: 'work_order',
      referenceId: order,
      lines: [
        { itemId: item.A, warehouseId, quantity: '6' },
        { itemId: item.B, warehouseId, quantity: '1.5' },
      ],
    });
    expect(await balance(item.A)).toMatchObject({ onHand: '10.000000', reserved: '6.000000', available: '4.000000' });
    const issue = await t
      .http()
      .post('/stock/adjustments')
      .set(auth())
      .send({ warehouseId, reason: 'out', lines: [{ itemId: item.A, quantity: '-5' }] })
      .expect(422);
    expect(issue.body.shortages).toEqual([
      { item_id: item.A, warehouse_id: warehouseId, required: '5.000000', available: '4.000000' },
    ]);

    await release({
      referenceType: 'work_order',
      referenceId: order,
      lines: [{ itemId: item.A, warehouseId, quantity: '2' }],
    });
    expect(await balance(item.A)).toMatchObject({ reserved: '4.000000', available: '6.000000' });
    const tooMuch = await failure(
      release({
        referenceType: 'work_order',
        referenceId: order,
        lines: [{ itemId: item.A, warehouseId, quantity: '5' }],
      }),
    );
    expect(tooMuch.status).toBe(422);
    await release({ referenceType: 'work_order', referenceId: order });
    expect(await balance(item.A)).toMatchObject({ reserved: '0.000000', available: '10.000000' });
    expect(await balance(item.B)).toMatchObject({ reserved: '0.000000', available: '4.000000' });
    expect(await t.sql('SELECT 1 FROM inventory_allocations WHERE reference_id = $1', [order])).toEqual([]);
  });

  it('refuses a reservation beyond available with every shortage, reserving nothing', async () => {
    const error = await failure(
      reserve({
        referenceType: 'work_order',
        referenceId: randomUUID(),
        lines: [
          { itemId: item.A, warehouseId, quantity: '3' },
          { itemId: item.B, warehouseId, quantity: '5' },
          { itemId: item.C, warehouseId, quantity: '1' },
        ],
      }),
    );
    expect(error.code).toBe('insufficient_stock');
    expect(error.extra.shortages).toEqual([
      { itemId: item.B, warehouseId, required: '5.000000', available: '4.000000' },
      { itemId: item.C, warehouseId, required: '1.000000', available: '0.000000' },
    ]);
    expect(await balance(item.A)).toMatchObject({ reserved: '0.000000' });
  });

  it('never reserves more than is there under parallel reservations', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        reserve({
          referenceType: 'work_order',
          referenceId: randomUUID(),
          lines: [{ itemId: item.A, warehouseId, quantity: '1' }],
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(await balance(item.A)).toMatchObject({ onHand: '10.000000', reserved: '10.000000', available: '0.000000' });
    const [{ total }] = await t.sql<{ total: string }>(
      'SELECT sum(quantity) AS total FROM inventory_allocations WHERE item_id = $1',
      [item.A],
    );
    expect(total).toBe('10.000000');
  });
});
