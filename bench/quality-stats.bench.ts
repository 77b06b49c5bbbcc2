/**
 * Quality inspection stats at scale: the aggregate the API runs (`statsCounts` + `statsRows`, the code behind
 * `GET /quality-inspections/stats`) against the same aggregate written as one raw SQL statement that also computes
 * the pass rate, over 100k inspections spread across a year in one tenant (plus another tenant's rows, which the
 * index must skip), grouped by week and by item. Both run in this process against the same database, their answers
 * are checked to agree, then each is timed. Prints the median times and the ratio API / raw SQL (the target is
 * ≤ 1.5×). Not part of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:quality
 *
 * It creates a database of its own next to DATABASE_URL's and drops it at the end. BENCH_QUALITY_ROWS (default
 * 100000) and BENCH_QUALITY_RUNS (timed runs per operation, default 7) tune it.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { InspectionStatsRow, statsCounts, statsRange, statsRows, type StatsGrouping } from '@app/manufacturing';
import type { TenantContext } from '@app/platform';
import { createBenchTenant } from './support/bench-tenant';
import { withMigratedDatabase } from './support/migrated-database';

const ROWS = Number(process.env.BENCH_QUALITY_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_QUALITY_RUNS ?? 7);
const ITEMS = 200;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;
const STATUSES = ['Passed', 'Passed', 'Passed', 'Failed', 'Pending'];

/** `count` inspections of `ITEMS` items, created at random moments of 2026, one in five Pending. */
async function generate(client: Client, tenant: TenantContext, count: number): Promise<void> {
  const items = Array.from({ length: ITEMS }, () => randomUUID());
  await client.query(
    `INSERT INTO items (id, org_id, entity_id, sku, name, uom, kind)
     SELECT id, $2, $3, 'SKU-' || ordinality, 'Item', 'pcs', 'finished' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id)`,
    [items, tenant.orgId, tenant.entityId],
  );
  const parameters = JSON.stringify([
    { name: 'Sealed', kind: 'boolean', min: null, max: null, expected: true, readings: [], passed: null },
  ]);
  for (let start = 0; start < count; start += 10_000) {
    const size = Math.min(10_000, count - start);
    const columns = {
      number: [] as string[],
      item: [] as string[],
      status: [] as string[],
      createdAt: [] as string[],
    };
    for (let i = 0; i < size; i += 1) {
      const n = start + i + 1;
      columns.number.push(`QI-${String(n).padStart(6, '0')}`);
      columns.item.push(items[Math.floor(Math.random() * ITEMS)]);
      columns.status.push(STATUSES[Math.floor(Math.random() * STATUSES.length)]);
      columns.createdAt.push(new Date(YEAR_START + Math.floor(Math.random() * YEAR_MS)).toISOString());
    }
    await client.query(
      `INSERT INTO quality_inspections (org_id, entity_id, number, reference_type, reference_id, item_id, sample_size,
                                        status, parameters, inspected_at, created_at)
       SELECT $1, $2, number, 'receipt', gen_random_uuid(), item_id, 1, status, $7::jsonb,
              CASE WHEN status = 'Pending' THEN NULL ELSE created_at END, created_at
       FROM unnest($3::text[], $4::uuid[], $5::text[], $6::timestamptz[]) AS u(number, item_id, status, created_at)`,
      [tenant.orgId, tenant.entityId, columns.number, columns.item, columns.status, columns.createdAt, parameters],
    );
  }
}

/** The same aggregate in one hand-written statement, the pass rate computed by PostgreSQL. */
async function rawStats(client: Client, tenant: TenantContext, start: string, end: string, groupBy: StatsGrouping) {
  const key =
    groupBy === 'item'
      ? { select: 'item_id::text', group: 'item_id' }
      : { select: `to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'IYYY-"W"IW')`, group: '1' };
  const { rows } = await client.query<{
    key: string;
    total: number;
    passed: number;
    failed: number;
    pending: number;
    pass_rate: string | null;
  }>(
    `SELECT ${key.select} AS key, count(*)::int AS total,
            count(*) FILTER (WHERE status = 'Passed')::int AS passed,
            count(*) FILTER (WHERE status = 'Failed')::int AS failed,
            count(*) FILTER (WHERE status = 'Pending')::int AS pending,
            round(100.0 * count(*) FILTER (WHERE status = 'Passed')
                  / nullif(count(*) FILTER (WHERE status IN ('Passed', 'Failed')), 0), 4)::text AS pass_rate
     FROM quality_inspections
     WHERE org_id = $1 AND entity_id = $2 AND created_at >= $3 AND created_at < $4
     GROUP BY ${key.group} ORDER BY 1`,
    [tenant.orgId, tenant.entityId, start, end],
  );
  return rows;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function sameAnswer(api: InspectionStatsRow[], raw: Awaited<ReturnType<typeof rawStats>>): boolean {
  const apiKey = api.map((r) => [r.period ?? r.itemId, r.total, r.passed, r.failed, r.pending, r.passRate].join('|'));
  const rawKey = raw.map((r) => [r.key, r.total, r.passed, r.failed, r.pending, r.pass_rate].join('|'));
  return JSON.stringify(apiKey) === JSON.stringify(rawKey);
}

async function main(): Promise<void> {
  await withMigratedDatabase('quality', async ({ name, dataSource, client }) => {
    const tenant = await createBenchTenant(client, 'bench');
    const neighbour = await createBenchTenant(client, 'neighbour');
    await generate(client, tenant, ROWS);
    await generate(client, neighbour, Math.floor(ROWS / 2));
    await client.query('VACUUM ANALYZE quality_inspections');
    const range = statsRange({ from: '2026-01-01', to: '2026-12-31' }, new Date());

    console.log(
      `Quality stats bench on ${name}: ${ROWS} inspections over 2026 (+${Math.floor(ROWS / 2)} of another tenant), median of ${RUNS} runs`,
    );
    console.log('grouping  groups   API ms   raw SQL ms   ratio (API / raw)');
    const api = (groupBy: StatsGrouping) =>
      statsCounts(dataSource.manager, tenant, range, groupBy).then((counts) => statsRows(counts, groupBy));
    for (const groupBy of ['week', 'item'] as const) {
      const viaApi = await api(groupBy);
      const viaRaw = await rawStats(client, tenant, range.start, range.end, groupBy);
      if (!sameAnswer(viaApi, viaRaw)) throw new Error(`The API and the raw SQL disagree when grouped by ${groupBy}`);
      const apiMs = await median(() => api(groupBy));
      const rawMs = await median(() => rawStats(client, tenant, range.start, range.end, groupBy));
      console.log(
        [
          groupBy.padEnd(9),
          String(viaApi.length).padStart(6),
          apiMs.toFixed(1).padStart(8),
          rawMs.toFixed(1).padStart(12),
          `${(apiMs / rawMs).toFixed(2)}×`.padStart(19),
        ].join(' '),
      );
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
