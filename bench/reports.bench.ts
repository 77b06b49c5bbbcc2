/**
 * The manufacturing reports at scale: each report as the API computes it (`ManufacturingReportsService`, cache
 * cold: the tenant's entries dropped before every run; then cached), beside the same aggregate written as one raw
 * SQL statement that also computes the ratios, over BENCH_REPORT_ORDERS (default 10 000) completed work orders of
 * 20 items in one tenant, each with a by-product, a third of them inspected (plus another tenant's orders, which the
 * index must skip). Prints the median times and the ratio cold / raw SQL (targets: ≤ 2×, cached < 5 ms).
 * Not part of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test [REDIS_URL=redis://127.0.0.1:6379] npm run bench:reports
 *
 * It creates a database of its own next to DATABASE_URL's and drops it at the end; the cache is Redis when REDIS_URL
 * is set. BENCH_REPORT_RUNS (timed runs per operation, default 15) tunes it.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { ManufacturingReportsService, type ReportQuery } from '@app/manufacturing';
import { TenantCache, type TenantContext } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { createBenchTenant } from './support/bench-tenant';
import { withMigratedDatabase } from './support/migrated-database';

const ORDERS = Number(process.env.BENCH_REPORT_ORDERS ?? 10_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 15);
const ITEMS = 20;
const DAY_MS = 86_400_000;

/**
 * `count` completed work orders over the last 30 days, in SQL: ITEMS finished items with a default BOM (one raw
 * line), costs that vary per order, one by-product output each, and a Passed or Failed inspection on every third.
 */
async function generate(client: Client, tenant: TenantContext, count: number): Promise<void> {
  const params = [tenant.orgId, tenant.entityId];
  await client.query(
    `INSERT INTO items (org_id, entity_id, sku, name, uom, kind, valuation_rate)
     SELECT $1::uuid, $2::uuid, 'FG-' || n, 'Finished', 'pcs', 'finished', 0 FROM generate_series(1, ${ITEMS}) n
     UNION ALL SELECT $1, $2, 'RAW', 'Raw', 'pcs', 'raw', 2.5
     UNION ALL SELECT $1, $2, 'BP', 'By-product', 'pcs', 'raw', 0`,
    params,
  );
  await client.query(
    `INSERT INTO warehouses (org_id, entity_id, code, name, kind) VALUES ($1, $2, 'W', 'W', 'internal')`,
    params,
  );
  await client.query(
    `INSERT INTO boms (org_id, entity_id, item_id, code, quantity, uom, is_default)
     SELECT $1, $2, id, 'BOM-' || sku, 1, 'pcs', true FROM items WHERE org_id = $1 AND entity_id = $2 AND kind = 'finished'`,
    params,
  );
  await client.query(
    `INSERT INTO bom_lines (org_id, entity_id, bom_id, position, item_id, quantity, uom)
     SELECT $1, $2, b.id, 0, raw.id, 2, 'pcs' FROM boms b, items raw
     WHERE b.org_id = $1 AND b.entity_id = $2 AND raw.org_id = $1 AND raw.entity_id = $2 AND raw.sku = 'RAW'`,
    params,
  );
  await client.query(
    `WITH finished AS (
       SELECT b.item_id, b.id AS bom_id, row_number() OVER (ORDER BY b.item_id) - 1 AS k
       FROM boms b WHERE b.org_id = $1 AND b.entity_id = $2
     ), w AS (SELECT id FROM warehouses WHERE org_id = $1 AND entity_id = $2)
     INSERT INTO work_orders (org_id, entity_id, number, item_id, bom_id, quantity, produced_quantity,
       source_warehouse_id, target_warehouse_id, status, planned_end, released_at, completed_at, plan,
       planned_material, planned_operation, planned_total, material, operation, by_product_share, total, unit_cost,
       planned_minutes, actual_minutes)
     SELECT $1, $2, 'WO-' || lpad(n::text, 6, '0'), f.item_id, f.bom_id, 10, 8 + n % 3, w.id, w.id, 'Completed',
       now() - (n % 30) * interval '1 day', now() - (n % 30 + 1) * interval '1 day',
       now() - (n % 30) * interval '1 day' + (n % 2) * interval '1 hour', '{"operations": [], "coOutputs": []}'::jsonb,
       50, 30, 80, 40 + n % 7, 25 + n % 5, 7, 65 + n % 7 + n % 5, round((58 + n % 7 + n % 5)::numeric / (8 + n % 3), 4),
       600, 500 + n % 200
     FROM generate_series(1, $3::int) n
     JOIN finished f ON f.k = n % ${ITEMS}
     CROSS JOIN w`,
    [...params, count],
  );
  await client.query(
    `INSERT INTO work_order_outputs (org_id, entity_id, work_order_id, position, item_id, kind, quantity, unit_cost, value)
     SELECT $1, $2, w.id, 1, bp.id, 'by_product', w.produced_quantity / 2, 1.75, round(w.produced_quantity / 2 * 1.75, 4)
     FROM work_orders w, items bp
     WHERE w.org_id = $1 AND w.entity_id = $2 AND bp.org_id = $1 AND bp.entity_id = $2 AND bp.sku = 'BP'`,
    params,
  );
  await client.query(
    `INSERT INTO quality_inspections (org_id, entity_id, number, reference_type, reference_id, item_id, sample_size,
       status, parameters, inspected_at)
     SELECT $1, $2, 'QI-' || row_number() OVER (), 'work_order', w.id, w.item_id, 1,
       CASE WHEN random() < 0.8 THEN 'Passed' ELSE 'Failed' END, '[]'::jsonb, w.completed_at
     FROM work_orders w WHERE w.org_id = $1 AND w.entity_id = $2 AND (w.number LIKE '%0' OR w.number LIKE '%3' OR w.number LIKE '%6')`,
    params,
  );
}

const WHERE = `w.org_id = $1 AND w.entity_id = $2 AND w.status = 'Completed' AND w.completed_at >= $3 AND w.completed_at < $4`;

/**
 * Each report written by hand in one statement, ratios and the totals row (ROLLUP) included, as a reader of the schema
 * would write it; the by-item reports answer one row more than the API's data (their totals).
 */
const RAW_SQL: Record<string, string> = {
  // The first page of 25 in completion order, with the totals over the whole range (window sums run before LIMIT).
  'job-costing': `
    SELECT w.id, w.number, w.item_id, w.produced_quantity, round(w.planned_total * w.produced_quantity / w.quantity, 4) AS planned,
      w.material, w.operation, w.by_product_share, w.total, w.unit_cost,
      w.total - round(w.planned_total * w.produced_quantity / w.quantity, 4) AS variance,
      round(100 * (w.total - round(w.planned_total * w.produced_quantity / w.quantity, 4))
        / nullif(round(w.planned_total * w.produced_quantity / w.quantity, 4), 0), 4) AS variance_percent,
      count(*) OVER () AS orders, sum(round(w.planned_total * w.produced_quantity / w.quantity, 4)) OVER () AS planned_sum,
      sum(w.material) OVER (), sum(w.operation) OVER (), sum(w.by_product_share) OVER (), sum(w.total) OVER ()
    FROM work_orders w WHERE ${WHERE} ORDER BY w.completed_at, w.id LIMIT 25`,
  'by-products': `
    SELECT o.item_id, sum(o.quantity), sum(o.value), count(DISTINCT o.work_order_id), array_agg(DISTINCT w.item_id)
    FROM work_orders w JOIN work_order_outputs o ON o.org_id = w.org_id AND o.entity_id = w.entity_id AND o.work_order_id = w.id
    WHERE ${WHERE} AND o.kind = 'by_product' GROUP BY ROLLUP (o.item_id) ORDER BY o.item_id`,
  'production-cost-analysis': `
    SELECT p.item_id, sum(p.quantity), sum(p.material), sum(p.operation), sum(p.service), sum(p.total),
      round(sum(p.unit_cost * p.quantity) / sum(p.quantity), 4), min(p.unit_cost), max(p.unit_cost)
    FROM (
      SELECT w.item_id, w.produced_quantity AS quantity, w.material, w.operation, 0 AS service, w.total, w.unit_cost
      FROM work_orders w WHERE ${WHERE}
      UNION ALL
      SELECT r.item_id, r.quantity, r.material, 0, r.service, r.total, r.unit_cost
      FROM subcontract_receipts r WHERE r.org_id = $1 AND r.entity_id = $2 AND r.received_at >= $3 AND r.received_at < $4
    ) p GROUP BY ROLLUP (p.item_id) ORDER BY p.item_id`,
  efficiency: `
    SELECT w.item_id, count(*), sum(w.quantity), sum(w.produced_quantity),
      round(100 * sum(w.produced_quantity) / sum(w.quantity), 4),
      sum(round(w.planned_minutes * w.produced_quantity / w.quantity, 6)), sum(w.actual_minutes),
      round(100 * count(*) FILTER (WHERE w.completed_at <= w.planned_end) / nullif(count(w.planned_end), 0), 4),
      round(100.0 * sum(q.passed) / nullif(sum(q.passed + q.failed), 0), 4)
    FROM work_orders w
    LEFT JOIN (
      SELECT reference_id, count(*) FILTER (WHERE status = 'Passed') AS passed, count(*) FILTER (WHERE status = 'Failed') AS failed
      FROM quality_inspections WHERE org_id = $1 AND entity_id = $2 AND reference_type = 'work_order' GROUP BY reference_id
    ) q ON q.reference_id = w.id
    WHERE ${WHERE} GROUP BY ROLLUP (w.item_id) ORDER BY w.item_id`,
};

const elapsedMs = async (run: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/**
 * The cold API run (the tenant's cache entries dropped first) and the raw SQL, alternately, so that the load of a
 * shared machine weighs on both alike; then the cached API run. Medians of RUNS each, after one warm-up.
 */
async function measure(cold: () => Promise<unknown>, raw: () => Promise<unknown>, drop: () => Promise<unknown>) {
  const times = { cold: [] as number[], raw: [] as number[], cached: [] as number[] };
  await raw();
  for (let i = 0; i < RUNS; i += 1) {
    await drop();
    times.cold.push(await elapsedMs(cold));
    times.raw.push(await elapsedMs(raw));
  }
  for (let i = 0; i < RUNS; i += 1) times.cached.push(await elapsedMs(cold));
  return { coldMs: median(times.cold), rawMs: median(times.raw), cachedMs: median(times.cached) };
}

async function main(): Promise<void> {
  await withMigratedDatabase('reports', async ({ name, client }) => {
    const tenant = await createBenchTenant(client, 'bench');
    const neighbour = await createBenchTenant(client, 'neighbour');
    await generate(client, tenant, ORDERS);
    await generate(client, neighbour, Math.floor(ORDERS / 2));
    await client.query('VACUUM ANALYZE');

    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    Object.assign(process.env, {
      DATABASE_URL: url.toString(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
      WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    const app = await NestFactory.createApplicationContext(AppModule.register(), { logger: false });
    try {
      const reports = app.get(ManufacturingReportsService);
      const cache = app.get(TenantCache);
      const query: ReportQuery = {};
      const run: Record<string, () => Promise<{ value: { data: unknown[] } }>> = {
        'job-costing': () => reports.jobCosting(tenant, query),
        'by-products': () => reports.byProducts(tenant, query),
        'production-cost-analysis': () => reports.productionCostAnalysis(tenant, query),
        efficiency: () => reports.efficiency(tenant, query),
      };
      const start = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
      const end = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
      console.log(
        `Reports bench on ${name}: ${ORDERS} completed work orders of ${ITEMS} items (+${Math.floor(ORDERS / 2)} of another tenant), cache ${process.env.REDIS_URL ? 'Redis' : 'memory'}, median of ${RUNS} runs`,
      );
      console.log('report                      rows   cold ms   raw SQL ms   cold / raw   cached ms');
      for (const [report, compute] of Object.entries(run)) {
        const rows = (await compute()).value.data.length;
        const raw = await client.query(RAW_SQL[report], [
          tenant.orgId,
          tenant.entityId,
          `${start}T00:00:00Z`,
          `${end}T00:00:00Z`,
        ]);
        if (raw.rows.length !== rows + (report === 'job-costing' ? 0 : 1))
          throw new Error(`${report}: the API answers ${rows} rows, the raw SQL ${raw.rows.length}`);
        const { coldMs, rawMs, cachedMs } = await measure(
          compute,
          () =>
            client.query(RAW_SQL[report], [tenant.orgId, tenant.entityId, `${start}T00:00:00Z`, `${end}T00:00:00Z`]),
          () => cache.invalidate(tenant),
        );
        console.log(
          [
            report.padEnd(26),
            String(rows).padStart(6),
            coldMs.toFixed(1).padStart(9),
            rawMs.toFixed(1).padStart(12),
            `${(coldMs / rawMs).toFixed(2)}×`.padStart(12),
            cachedMs.toFixed(2).padStart(11),
          ].join(' '),
        );
      }
    } finally {
      await app.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
