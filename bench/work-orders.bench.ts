/**
 * Work-order completions per second through the service (`WorkOrdersService.complete`: order lock, release of its
 * allocations, valuation locks, issue and receipt with the ledger, costs, outputs and the outbox event in one
 * transaction), with 10-component orders on independent components and with one component shared by every order
 * (every completion then queues on that balance row), beside the least SQL the same completion needs — lock the
 * balance rows, one batched UPDATE, one batched ledger INSERT, one outbox row — run the same way in the same
 * process, the two taking turns over a few rounds after a few untimed completions of each. Also counts the round
 * trips of a release and a completion at 5 and at 50 components. Prints figures and ratios from one run; not part
 * of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:work-orders
 *
 * It creates a database of its own next to DATABASE_URL's and drops it at the end. BENCH_WO_ORDERS (orders per
 * scenario, default 400) and BENCH_WO_CONCURRENCY (completions in flight, default 8) tune it.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Pool } from 'pg';
import { WorkOrdersService } from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.setup';
import { withScratchDatabase } from './support/scratch-database';
import { insertRows, RoundTripCounter } from './support/database';

const ORDERS = Number(process.env.BENCH_WO_ORDERS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_WO_CONCURRENCY ?? 8);
const COMPONENTS = 10;
/** Service and raw SQL take turns in this many rounds, so a change in the machine's load falls on both alike. */
const ROUNDS = 8;
/** Completions of each kind run before the timed rounds: connections opened, statements prepared and planned. */
const WARM_UP = 4 * CONCURRENCY;

interface Shape {
  /** Per order: its finished item and its component items. */
  orders: { finished: string; components: string[] }[];
}

/**
 * Items, stock (balances with a matching opening ledger row) and one default BOM per finished item, written in
 * bulk: `orders` finished items with `components` lines each, every order its own components, except the first
 * `shared` ones that every order uses.
 */
async function generate(
  client: Client,
  tenant: TenantContext,
  warehouses: { source: string; target: string },
  label: string,
  orders: number,
  components: number,
  shared: number,
): Promise<Shape> {
  const items: unknown[][] = [];
  const newItem = (sku: string, kind: string, rate: string) => {
    const id = randomUUID();
    items.push([id, tenant.orgId, tenant.entityId, `${label}-${sku}`, sku, 'pcs', kind, rate]);
    return id;
  };
  const sharedItems = Array.from({ length: shared }, (_v, i) => newItem(`S${i}`, 'raw', '1.2500'));
  const shape: Shape = {
    orders: Array.from({ length: orders }, (_v, o) => ({
      finished: newItem(`F${o}`, 'finished', '0'),
      components: [
        ...sharedItems,
        ...Array.from({ length: components - shared }, (_w, c) => newItem(`C${o}-${c}`, 'raw', '2.5000')),
      ],
    })),
  };
  await insertRows(
    client,
    'items',
    ['id', 'org_id', 'entity_id', 'sku', 'name', 'uom', 'kind', 'valuation_rate'],
    ['uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'numeric'],
    items,
  );
  const stocked = items.filter((row) => row[6] === 'raw').map((row) => row[0] as string);
  const onHand = String(orders * 10);
  const balances = stocked.map((id) => [tenant.orgId, tenant.entityId, id, warehouses.source, onHand]);
  await insertRows(
    client,
    'stock_balances',
    ['org_id', 'entity_id', 'item_id', 'warehouse_id', 'on_hand'],
    ['uuid', 'uuid', 'uuid', 'uuid', 'numeric'],
    balances,
  );
  await insertRows(
    client,
    'stock_ledger',
    [
      'org_id',
      'entity_id',
      'item_id',
      'warehouse_id',
      'quantity',
      'rate',
      'value',
      'balance_after',
      'reference_type',
      'reference_id',
    ],
    ['uuid', 'uuid', 'uuid', 'uuid', 'numeric', 'numeric', 'numeric', 'numeric', 'text', 'uuid'],
    balances.map((row) => [...row, '1', onHand, onHand, 'opening_stock', warehouses.source]),
  );
  const boms: unknown[][] = [];
  const lines: unknown[][] = [];
  for (const order of shape.orders) {
    const bomId = randomUUID();
    boms.push([
      bomId,
      tenant.orgId,
      tenant.entityId,
      order.finished,
      `BOM-${label}-${order.finished}`,
      '1',
      'pcs',
      true,
    ]);
    order.components.forEach((itemId, position) =>
      lines.push([tenant.orgId, tenant.entityId, bomId, position, itemId, '1', 'pcs', '0']),
    );
  }
  await insertRows(
    client,
    'boms',
    ['id', 'org_id', 'entity_id', 'item_id', 'code', 'quantity', 'uom', 'is_default'],
    ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'numeric', 'text', 'boolean'],
    boms,
  );
  await insertRows(
    client,
    'bom_lines',
    ['org_id', 'entity_id', 'bom_id', 'position', 'item_id', 'quantity', 'uom', 'scrap_percent'],
    ['uuid', 'uuid', 'uuid', 'int', 'uuid', 'numeric', 'text', 'numeric'],
    lines,
  );
  return shape;
}

/** Runs `work` over the indexes `from` to `to` (exclusive) with `CONCURRENCY` in flight; answers the seconds. */
async function timed(from: number, to: number, work: (index: number) => Promise<unknown>): Promise<number> {
  let next = from;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < to) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The least SQL of one completion: lock the balance rows in key order, one batched UPDATE of the issues and the
 * receipt, one multi-row ledger INSERT, one outbox row — on its own connection, like the service's transaction.
 */
async function rawCompletion(
  pool: Pool,
  tenant: TenantContext,
  warehouses: { source: string; target: string },
  order: { finished: string; components: string[] },
): Promise<void> {
  const keys = [
    ...order.components.map((itemId) => [itemId, warehouses.source, '-1']),
    [order.finished, warehouses.target, '1'],
  ].sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
  const [items, places, quantities] = [0, 1, 2].map((column) => keys.map((key) => key[column]));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT 1 FROM stock_balances b JOIN unnest($3::uuid[], $4::uuid[]) AS k(item_id, warehouse_id)
         ON b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id
       WHERE b.org_id = $1 AND b.entity_id = $2 ORDER BY b.item_id, b.warehouse_id FOR UPDATE OF b`,
      [tenant.orgId, tenant.entityId, items, places],
    );
    await client.query(
      `UPDATE stock_balances b SET on_hand = b.on_hand + k.quantity
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.item_id = k.item_id AND b.warehouse_id = k.warehouse_id`,
      [tenant.orgId, tenant.entityId, items, places, quantities],
    );
    await client.query(
      `INSERT INTO stock_ledger (org_id, entity_id, item_id, warehouse_id, quantity, rate, value, balance_after,
                                 reference_type, reference_id)
       SELECT $1, $2, k.item_id, k.warehouse_id, k.quantity, 1, k.quantity, 0, 'bench', $6
       FROM unnest($3::uuid[], $4::uuid[], $5::numeric[]) AS k(item_id, warehouse_id, quantity)`,
      [tenant.orgId, tenant.entityId, items, places, quantities, randomUUID()],
    );
    await client.query(`INSERT INTO webhook_events (org_id, entity_id, type, data) VALUES ($1, $2, $3, $4)`, [
      tenant.orgId,
      tenant.entityId,
      'work_order.completed',
      JSON.stringify({ order }),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function main(): Promise<void> {
  return withScratchDatabase('wo', async ({ name: database, url }) => {
    Object.assign(process.env, {
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      SEED_DEMO: 'false',
      MIGRATIONS_RUN: 'true',
      DATA_DIR: `/tmp/${database}`,
      WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Delivery is not part of a completion; a dispatcher polling beside it would skew both timing and counts.
      WEBHOOK_DISPATCHER_ENABLED: 'false',
    });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
      bodyParser: false,
      logger: false,
    });
    const client = new Client({ connectionString: url });
    const pool = new Pool({ connectionString: url, max: CONCURRENCY });
    try {
      configureApp(app);
      await app.init();
      await client.connect();
      const workOrders = app.get(WorkOrdersService);
      const counter = new RoundTripCounter();

      const [{ id: orgId }] = (
        await client.query<{ id: string }>(`INSERT INTO orgs (name) VALUES ('bench') RETURNING id`)
      ).rows;
      const [{ id: entityId }] = (
        await client.query<{ id: string }>(`INSERT INTO entities (org_id, name) VALUES ($1, 'bench') RETURNING id`, [
          orgId,
        ])
      ).rows;
      const tenant: TenantContext = { orgId, entityId, actor: { kind: 'user', userId: randomUUID(), role: 'owner' } };
      const [source, target] = await Promise.all(
        ['SRC', 'FG'].map(async (code) => {
          const { rows } = await client.query<{ id: string }>(
            `INSERT INTO warehouses (org_id, entity_id, code, name, kind) VALUES ($1, $2, $3, $3, 'internal') RETURNING id`,
            [orgId, entityId, code],
          );
          return rows[0].id;
        }),
      );
      const warehouses = { source, target };

      const released = async (shape: Shape) => {
        const ids: string[] = [];
        for (const order of shape.orders) {
          const draft = await workOrders.create(tenant, {
            itemId: order.finished,
            quantity: '1',
            sourceWarehouseId: source,
            targetWarehouseId: target,
          });
          await workOrders.release(tenant, draft.id);
          ids.push(draft.id);
        }
        return ids;
      };

      console.log(
        `Work-order completion bench on ${database}: ${ORDERS} orders per scenario, ${CONCURRENCY} in flight\n`,
      );
      const rows: string[][] = [];
      for (const [name, shared] of [
        ['independent', 0],
        ['shared component', 1],
      ] as const) {
        const shapeOf = (label: string) =>
          generate(client, tenant, warehouses, label, WARM_UP + ORDERS, COMPONENTS, shared);
        const serviceShape = await shapeOf(`svc-${shared}`);
        const rawShape = await shapeOf(`raw-${shared}`);
        const ids = await released(serviceShape);
        // A live database has planner statistics (autovacuum keeps them); rows bulk-written a moment ago, and the
        // orders and allocations the releases wrote, would otherwise be planned as if their tables were empty, for
        // the service and the raw SQL alike.
        await client.query('ANALYZE');
        const completeService = (i: number) => workOrders.complete(tenant, ids[i], {});
        const completeRaw = (i: number) => rawCompletion(pool, tenant, warehouses, rawShape.orders[i]);
        await timed(0, WARM_UP, completeService);
        await timed(0, WARM_UP, completeRaw);
        let serviceSeconds = 0;
        let rawSeconds = 0;
        for (let round = 0; round < ROUNDS; round += 1) {
          const [from, to] = [round, round + 1].map((r) => WARM_UP + Math.round((r * ORDERS) / ROUNDS));
          serviceSeconds += await timed(from, to, completeService);
          rawSeconds += await timed(from, to, completeRaw);
        }
        const service = ORDERS / serviceSeconds;
        const raw = ORDERS / rawSeconds;
        rows.push([name, service.toFixed(1), raw.toFixed(1), `${((service / raw) * 100).toFixed(1)} %`]);
      }
      console.log('scenario            service/s   raw SQL/s   service / raw');
      for (const [name, service, raw, ratio] of rows) {
        console.log(`${name.padEnd(20)}${service.padStart(9)}   ${raw.padStart(9)}   ${ratio.padStart(13)}`);
      }

      console.log('\ncomponents   release trips   complete trips');
      for (const components of [5, 50]) {
        const shape = await generate(client, tenant, warehouses, `trips-${components}`, 1, components, 0);
        const draft = await workOrders.create(tenant, {
          itemId: shape.orders[0].finished,
          quantity: '1',
          sourceWarehouseId: source,
          targetWarehouseId: target,
        });
        const beforeRelease = counter.count;
        await workOrders.release(tenant, draft.id);
        const releaseTrips = counter.count - beforeRelease;
        const beforeComplete = counter.count;
        await workOrders.complete(tenant, draft.id, {});
        const completeTrips = counter.count - beforeComplete;
        console.log(
          `${String(components).padEnd(13)}${String(releaseTrips).padStart(13)}   ${String(completeTrips).padStart(14)}`,
        );
      }
    } finally {
      await pool.end();
      await client.end();
      await app.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
