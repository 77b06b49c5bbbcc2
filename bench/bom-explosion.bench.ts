/**
 * BOM explosion and where-used at scale: the recursive CTEs the API runs (one round trip for any depth) against a
 * level-by-level walk that asks for one BOM's lines at a time (one round trip per BOM, or per item for where-used),
 * on generated BOM forests of about 1k, 10k and 100k BOM lines, up to 10 levels deep, in real PostgreSQL. Both run
 * in this process against the same database, and their answers are checked to agree before they are timed. Prints
 * time and round trips per operation and the ratio level-by-level / CTE. Not part of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:bom
 *
 * It creates a database of its own next to DATABASE_URL's and drops it at the end. BENCH_BOM_SIZES (default
 * "1000,10000,100000") and BENCH_BOM_RUNS (timed runs per operation, default 5) tune it.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { aggregateLeaves, explosionRows, lineRequirement, whereUsedRows } from '@app/manufacturing';
import { Dec, formatQuantity, TenantContext } from '@app/platform';
import { insertRows, RoundTripCounter } from './support/database';
import { withMigratedDatabase } from './support/migrated-database';

const SIZES = (process.env.BENCH_BOM_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_BOM_RUNS ?? 5);
/** Each BOM has two sub-assembly lines (until the bottom level) and three raw-material lines. */
const SUB_ASSEMBLIES_PER_BOM = 2;
const RAW_LINES_PER_BOM = 3;
const RAW_ITEMS = 300;
const MAX_DEPTH = 10;

/** Trees of BOMs: each BOM's item is made from two sub-assemblies one level down and three shared raw items. */
interface Forest {
  roots: string[];
  rawItems: string[];
  lines: number;
  boms: number;
  depth: number;
}

/** The smallest depth (≤ 10) and tree count whose line total reaches `targetLines`. */
function shapeFor(targetLines: number): { depth: number; trees: number } {
  const linesPerTree = (depth: number) =>
    (2 ** depth - 1) * RAW_LINES_PER_BOM + (2 ** (depth - 1) - 1) * SUB_ASSEMBLIES_PER_BOM;
  let depth = 1;
  while (depth < MAX_DEPTH && linesPerTree(depth) * 2 < targetLines) depth += 1;
  return { depth, trees: Math.max(1, Math.round(targetLines / linesPerTree(depth))) };
}

async function generateForest(client: Client, tenant: TenantContext, targetLines: number): Promise<Forest> {
  const { depth, trees } = shapeFor(targetLines);
  const { orgId, entityId } = tenant;
  const items: unknown[][] = [];
  const boms: unknown[][] = [];
  const lines: unknown[][] = [];
  const rawItems = Array.from({ length: RAW_ITEMS }, (_v, i) => {
    const id = randomUUID();
    items.push([id, orgId, entityId, `RAW-${targetLines}-${i}`, `Raw ${i}`, 'kg', 'raw', (1 + (i % 17)).toFixed(4)]);
    return id;
  });
  let counter = 0;
  /** Creates the item and default BOM of a node `level` levels from the bottom; answers the item id. */
  const build = (level: number): string => {
    const itemId = randomUUID();
    const bomId = randomUUID();
    counter += 1;
    const kind = level === depth ? 'finished' : 'sub-assembly';
    items.push([itemId, orgId, entityId, `ASM-${targetLines}-${counter}`, `Assembly ${counter}`, 'pcs', kind, '0']);
    boms.push([
      bomId,
      orgId,
      entityId,
      itemId,
      `BOM-${targetLines}-${counter}`,
      String(1 + (counter % 3)),
      'pcs',
      true,
    ]);
    let position = 0;
    if (level > 1) {
      for (let i = 0; i < SUB_ASSEMBLIES_PER_BOM; i += 1) {
        lines.push([orgId, entityId, bomId, position++, build(level - 1), '1', (counter % 4) * 2.5]);
      }
    }
    for (let i = 0; i < RAW_LINES_PER_BOM; i += 1) {
      const raw = rawItems[(counter * 7 + i * 31) % RAW_ITEMS];
      lines.push([orgId, entityId, bomId, position++, raw, String(1 + i), i === 0 ? 5 : 0]);
    }
    return itemId;
  };
  const rootItems = Array.from({ length: trees }, () => build(depth));
  await insertRows(
    client,
    'items',
    ['id', 'org_id', 'entity_id', 'sku', 'name', 'uom', 'kind', 'valuation_rate'],
    ['uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'numeric'],
    items,
  );
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
    ['org_id', 'entity_id', 'bom_id', 'position', 'item_id', 'quantity', 'scrap_percent', 'uom'],
    ['uuid', 'uuid', 'uuid', 'int', 'uuid', 'numeric', 'numeric', 'text'],
    lines.map((line) => [...line, 'pcs']),
  );
  await client.query('ANALYZE');
  const rootBoms = await client.query<{ id: string }>(
    `SELECT id FROM boms WHERE org_id = $1 AND entity_id = $2 AND item_id = ANY($3::uuid[])`,
    [orgId, entityId, rootItems],
  );
  return { roots: rootBoms.rows.map((row) => row.id), rawItems, lines: lines.length, boms: boms.length, depth };
}

/** The explosion as a client without recursive SQL would do it: one query per BOM, walking level by level. */
async function explodeLevelByLevel(db: EntityManager, tenant: TenantContext, bomId: string, quantity: string) {
  const leaves: { itemId: string; bomId: null; quantity: Dec }[] = [];
  let frontier = [{ bomId, quantity: new Dec(quantity) }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      const rows = await db.query<
        { item_id: string; quantity: string; scrap_percent: string; batch: string; sub: string | null }[]
      >(
        `SELECT l.item_id, l.quantity, l.scrap_percent, b.quantity AS batch, sub.id AS sub
         FROM boms b
         JOIN bom_lines l ON l.org_id = b.org_id AND l.entity_id = b.entity_id AND l.bom_id = b.id
         LEFT JOIN boms sub ON sub.org_id = b.org_id AND sub.entity_id = b.entity_id AND sub.item_id = l.item_id
           AND sub.is_default AND sub.status = 'active'
         WHERE b.org_id = $1 AND b.entity_id = $2 AND b.id = $3
         ORDER BY l.position`,
        [tenant.orgId, tenant.entityId, node.bomId],
      );
      for (const row of rows) {
        const required = lineRequirement(node.quantity, row.batch, row.quantity, row.scrap_percent);
        if (row.sub) next.push({ bomId: row.sub, quantity: required });
        else leaves.push({ itemId: row.item_id, bomId: null, quantity: required });
      }
    }
    frontier = next;
  }
  return aggregateLeaves(leaves);
}

/** Where-used the same way: one query per item, walking up through the default BOMs. */
async function whereUsedLevelByLevel(db: EntityManager, tenant: TenantContext, itemId: string) {
  const found: { bomId: string; level: number }[] = [];
  let frontier = [{ itemId, level: 1 }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      const rows = await db.query<{ id: string; item_id: string; is_default: boolean }[]>(
        `SELECT DISTINCT b.id, b.item_id, b.is_default
         FROM bom_lines l JOIN boms b ON b.org_id = l.org_id AND b.entity_id = l.entity_id AND b.id = l.bom_id
         WHERE l.org_id = $1 AND l.entity_id = $2 AND l.item_id = $3 AND b.status = 'active'`,
        [tenant.orgId, tenant.entityId, node.itemId],
      );
      for (const row of rows) {
        found.push({ bomId: row.id, level: node.level });
        if (row.is_default) next.push({ itemId: row.item_id, level: node.level + 1 });
      }
    }
    frontier = next;
  }
  return found;
}

interface Measure {
  ms: number;
  roundTrips: number;
}

/** The median time of RUNS runs after one warm-up, and the round trips of one run. */
async function measure(counter: RoundTripCounter, run: () => Promise<unknown>): Promise<Measure> {
  await run();
  const times: number[] = [];
  let roundTrips = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const before = counter.count;
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    roundTrips = counter.count - before;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], roundTrips };
}

function sameLeaves(a: { itemId: string; quantity: Dec }[], b: { itemId: string; quantity: Dec }[]): boolean {
  const key = (rows: { itemId: string; quantity: Dec }[]) =>
    rows
      .map((row) => `${row.itemId}=${formatQuantity(row.quantity)}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

async function main(): Promise<void> {
  const counter = new RoundTripCounter();
  await withMigratedDatabase('bom', async ({ name, dataSource, client }) => {
    console.log(`BOM explosion / where-used bench on ${name}: median of ${RUNS} runs\n`);
    console.log(
      'lines   BOMs   depth  operation    CTE ms  CTE trips  level ms  level trips  ratio (level / CTE)'.padEnd(90),
    );
    for (const size of SIZES) {
      const [{ org_id: orgId }] = (
        await client.query<{ org_id: string }>(`INSERT INTO orgs (name) VALUES ('bench') RETURNING id AS org_id`)
      ).rows;
      const [{ id: entityId }] = (
        await client.query<{ id: string }>(`INSERT INTO entities (org_id, name) VALUES ($1, 'bench') RETURNING id`, [
          orgId,
        ])
      ).rows;
      const tenant: TenantContext = { orgId, entityId, actor: { kind: 'user', userId: randomUUID(), role: 'owner' } };
      const forest = await generateForest(client, tenant, size);
      const db = dataSource.manager;
      const root = forest.roots[0];
      // The raw item in the most BOM lines: the widest where-used.
      const [{ item_id: raw }] = (
        await client.query<{ item_id: string }>(
          `SELECT item_id FROM bom_lines WHERE org_id = $1 AND entity_id = $2 AND item_id = ANY($3::uuid[])
           GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1`,
          [orgId, entityId, forest.rawItems],
        )
      ).rows;

      const viaCte = aggregateLeaves(
        (await explosionRows(db, tenant, root, '10')).map((row) => ({
          itemId: row.item_id,
          bomId: row.bom_id,
          quantity: row.quantity,
        })),
      );
      const viaLevels = await explodeLevelByLevel(db, tenant, root, '10');
      if (!sameLeaves(viaCte, viaLevels)) throw new Error(`The two explosions disagree at ${size} lines`);
      const usedCte = await whereUsedRows(db, tenant, raw, true);
      const usedLevels = await whereUsedLevelByLevel(db, tenant, raw);
      if (
        new Set(usedCte.map((r) => `${r.bom_id}@${r.level}`)).size !==
        new Set(usedLevels.map((r) => `${r.bomId}@${r.level}`)).size
      ) {
        throw new Error(`The two where-used walks disagree at ${size} lines`);
      }

      const rows: [string, Measure, Measure][] = [
        [
          'explosion',
          await measure(counter, () => explosionRows(db, tenant, root, '10')),
          await measure(counter, () => explodeLevelByLevel(db, tenant, root, '10')),
        ],
        [
          'where-used',
          await measure(counter, () => whereUsedRows(db, tenant, raw, true)),
          await measure(counter, () => whereUsedLevelByLevel(db, tenant, raw)),
        ],
      ];
      for (const [operation, cte, levels] of rows) {
        console.log(
          [
            String(forest.lines).padEnd(7),
            String(forest.boms).padEnd(6),
            String(forest.depth).padEnd(6),
            operation.padEnd(12),
            cte.ms.toFixed(1).padStart(7),
            String(cte.roundTrips).padStart(10),
            levels.ms.toFixed(1).padStart(9),
            String(levels.roundTrips).padStart(12),
            `${(levels.ms / cte.ms).toFixed(1)}× time, ${levels.roundTrips}× round trips`.padStart(30),
          ].join(' '),
        );
      }
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
