import type { EntityManager } from 'typeorm';
import type { TenantContext } from '@app/platform';
import { MAX_BOM_DEPTH } from './bom-arithmetic';

/*
 * The BOM graph in SQL: explosion and where-used are recursive CTEs — one round trip for any depth — with a depth
 * bound and a cycle guard (a node whose item is already on its path is not expanded again).
 */

/** Only an item's active default BOM explodes it. */
const ACTIVE_DEFAULT = `is_default AND status = 'active'`;

export interface ExplosionRow {
  level: number;
  item_id: string;
  bom_id: string | null;
  quantity: string;
  path: string[];
}

/** Every node under `bomId` for `quantity` units of its item, parents before children, lines in their order. */
export async function explosionRows(
  manager: EntityManager,
  tenant: TenantContext,
  bomId: string,
  quantity: string,
): Promise<ExplosionRow[]> {
  return manager.query<ExplosionRow[]>(
    `WITH RECURSIVE tree AS (
       SELECT 1 AS level, l.item_id,
              round($4::numeric / b.quantity * l.quantity * (1 + l.scrap_percent / 100), 18) AS quantity,
              ARRAY[b.id] AS path, ARRAY[b.item_id, l.item_id] AS items, ARRAY[l.position] AS sort_key
       FROM boms b
       JOIN bom_lines l ON l.org_id = b.org_id AND l.entity_id = b.entity_id AND l.bom_id = b.id
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.id = $3
       UNION ALL
       SELECT t.level + 1, l.item_id,
              round(t.quantity / sub.quantity * l.quantity * (1 + l.scrap_percent / 100), 18),
              t.path || sub.id, t.items || l.item_id, t.sort_key || l.position
       FROM tree t
       JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = t.item_id AND sub.${ACTIVE_DEFAULT}
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.bom_id = sub.id
       WHERE t.level < $5 AND NOT (l.item_id = ANY(t.items))
     )
     SELECT t.level, t.item_id, sub.id AS bom_id, t.quantity::text AS quantity, t.path::text[] AS path
     FROM tree t
     LEFT JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = t.item_id AND sub.${ACTIVE_DEFAULT}
     ORDER BY t.sort_key`,
    [tenant.orgId, tenant.entityId, bomId, quantity, MAX_BOM_DEPTH],
  );
}

export interface ExplosionTotals {
  /** How many nodes the `tree` of this explosion holds: the paths through the graph, counted without listing them. */
  nodes: bigint;
  /** A node at the depth bound still has a BOM: the explosion would be cut off there. */
  tooDeep: boolean;
  /** The leaves summed per item, in the order each item first appears in the tree. */
  leaves: { itemId: string; quantity: string }[];
}

/**
 * The requirements of `bomId` aggregated per item, level by level (MRP's low-level-code propagation): each
 * iteration holds one row per item and level, so the work grows with the BOM lines times the depth, never with the
 * paths. The path count and the first tree position of each item ride along, so a caller can refuse a tree too
 * large to list before listing it. Cycles are refused at write time; one that slipped in runs into the depth bound.
 */
export async function explosionTotals(
  manager: EntityManager,
  tenant: TenantContext,
  bomId: string,
  quantity: string,
): Promise<ExplosionTotals> {
  const rows = await manager.query<
    { node_count: string; too_deep: boolean; item_id: string | null; quantity: string | null }[]
  >(
    `WITH RECURSIVE requirement AS (
       SELECT DISTINCT 1 AS level, l.item_id,
              sum(round($4::numeric / b.quantity * l.quantity * (1 + l.scrap_percent / 100), 18)) OVER per_item
                AS quantity,
              (count(*) OVER per_item)::numeric AS paths,
              min(ARRAY[l.position]) OVER per_item AS sort_key
       FROM boms b
       JOIN bom_lines l ON l.org_id = b.org_id AND l.entity_id = b.entity_id AND l.bom_id = b.id
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.id = $3
       WINDOW per_item AS (PARTITION BY l.item_id)
       UNION ALL
       SELECT DISTINCT r.level + 1, l.item_id,
              sum(round(r.quantity / sub.quantity * l.quantity * (1 + l.scrap_percent / 100), 18)) OVER per_item,
              sum(r.paths) OVER per_item,
              min(r.sort_key || l.position) OVER per_item
       FROM requirement r
       JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = r.item_id AND sub.${ACTIVE_DEFAULT}
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.bom_id = sub.id
       WHERE r.level < $5
       WINDOW per_item AS (PARTITION BY l.item_id)
     ),
     node AS (
       SELECT r.*, sub.id AS bom_id
       FROM requirement r
       LEFT JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = r.item_id AND sub.${ACTIVE_DEFAULT}
     ),
     leaf AS (
       SELECT item_id, sum(quantity) AS quantity, min(sort_key) AS sort_key FROM node WHERE bom_id IS NULL GROUP BY item_id
     )
     SELECT s.node_count::text AS node_count, s.too_deep, leaf.item_id, leaf.quantity::text AS quantity
     FROM (SELECT coalesce(sum(paths), 0) AS node_count,
                  coalesce(bool_or(bom_id IS NOT NULL AND level >= $5), false) AS too_deep
           FROM node) s
     LEFT JOIN leaf ON true
     ORDER BY leaf.sort_key`,
    [tenant.orgId, tenant.entityId, bomId, quantity, MAX_BOM_DEPTH],
  );
  return {
    nodes: BigInt(rows[0].node_count),
    tooDeep: rows[0].too_deep,
    leaves: rows.flatMap((row) =>
      row.item_id && row.quantity ? [{ itemId: row.item_id, quantity: row.quantity }] : [],
    ),
  };
}

export interface WhereUsedRow {
  bom_id: string;
  item_id: string;
  level: number;
  path: string[];
}

/**
 * The active BOMs that use `itemId`: directly (level 1) and, when `recursive`, through the sub-assemblies whose
 * default BOM uses it (level 2+), each with its path of BOM ids from the direct user upwards.
 */
export async function whereUsedRows(
  manager: EntityManager,
  tenant: TenantContext,
  itemId: string,
  recursive: boolean,
): Promise<WhereUsedRow[]> {
  return manager.query<WhereUsedRow[]>(
    `WITH RECURSIVE used AS (
       SELECT b.id AS bom_id, b.item_id, 1 AS level, ARRAY[b.id] AS path, ARRAY[$3::uuid, b.item_id] AS items,
              b.is_default
       FROM bom_lines l
       JOIN boms b ON b.org_id = l.org_id AND b.entity_id = l.entity_id AND b.id = l.bom_id
       WHERE l.org_id = $1 AND l.entity_id = $2 AND l.item_id = $3 AND b.status = 'active'
       UNION ALL
       SELECT b.id, b.item_id, u.level + 1, u.path || b.id, u.items || b.item_id, b.is_default
       FROM used u
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.item_id = u.item_id
       JOIN boms b ON b.org_id = $1 AND b.entity_id = $2 AND b.id = l.bom_id AND b.status = 'active'
       WHERE $4 AND u.is_default AND u.level < $5 AND NOT (b.item_id = ANY(u.items))
     )
     SELECT DISTINCT bom_id, item_id, level, path::text[] AS path FROM used ORDER BY level, path`,
    [tenant.orgId, tenant.entityId, itemId, recursive, MAX_BOM_DEPTH],
  );
}

/**
 * How many rows a where-used answer of `itemId` holds, counted level by level (one row per BOM and level) rather
 * than listed: the paths through the graph, so a caller can refuse an answer too large to list before listing it.
 */
export async function whereUsedCount(
  manager: EntityManager,
  tenant: TenantContext,
  itemId: string,
  recursive: boolean,
): Promise<bigint> {
  const [row] = await manager.query<{ rows: string }[]>(
    `WITH RECURSIVE used AS (
       SELECT 1 AS level, b.id AS bom_id, b.item_id, b.is_default, 1::numeric AS paths
       FROM boms b
       WHERE b.org_id = $1 AND b.entity_id = $2 AND b.status = 'active' AND b.id IN (
         SELECT bom_id FROM bom_lines WHERE org_id = $1 AND entity_id = $2 AND item_id = $3
       )
       UNION ALL
       SELECT DISTINCT u.level + 1, b.id, b.item_id, b.is_default, sum(u.paths) OVER (PARTITION BY b.id)
       FROM used u
       -- one row per BOM that uses the item, however many of its lines name it
       CROSS JOIN LATERAL (
         SELECT DISTINCT bom_id FROM bom_lines WHERE org_id = $1 AND entity_id = $2 AND item_id = u.item_id
       ) l
       JOIN boms b ON b.org_id = $1 AND b.entity_id = $2 AND b.id = l.bom_id AND b.status = 'active'
       WHERE $4 AND u.is_default AND u.level < $5
     )
     SELECT coalesce(sum(paths), 0)::text AS rows FROM used`,
    [tenant.orgId, tenant.entityId, itemId, recursive, MAX_BOM_DEPTH],
  );
  return BigInt(row.rows);
}

/**
 * Whether any of `bomIds` is its item's active default BOM and that item is a line of an active BOM: a where-used
 * walk that stopped at them (at the depth bound) would have gone on.
 */
export async function usedFurtherUp(manager: EntityManager, tenant: TenantContext, bomIds: string[]): Promise<boolean> {
  const [row] = await manager.query<{ used: boolean }[]>(
    `SELECT EXISTS (
       SELECT 1
       FROM boms d
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.item_id = d.item_id
       JOIN boms b ON b.org_id = $1 AND b.entity_id = $2 AND b.id = l.bom_id AND b.status = 'active'
       WHERE d.org_id = $1 AND d.entity_id = $2 AND d.id = ANY($3::uuid[]) AND d.is_default AND d.status = 'active'
     ) AS used`,
    [tenant.orgId, tenant.entityId, bomIds],
  );
  return row.used;
}

/**
 * Whether the BOM `bomId` closes a cycle: some BOM would contain its own item at some depth. `down` is every item
 * an explosion of `bomId` reaches (through active default BOMs, this transaction's rows included); `up` is the
 * BOM's own item and — when `bomId` is its item's active default, so other explosions pass through it — the item of
 * every active BOM whose explosion reaches that item. A cycle exists exactly when the two meet. UNION keeps each row
 * once, so both walks are linear in the graph and end even on a cycle elsewhere.
 */
export async function closesCycle(manager: EntityManager, tenant: TenantContext, bomId: string): Promise<boolean> {
  const [row] = await manager.query<{ cycle: boolean }[]>(
    `WITH RECURSIVE
     root AS (
       SELECT item_id, (${ACTIVE_DEFAULT}) AS passed_through FROM boms
       WHERE org_id = $1 AND entity_id = $2 AND id = $3
     ),
     down(item_id) AS (
       SELECT l.item_id FROM bom_lines l WHERE l.org_id = $1 AND l.entity_id = $2 AND l.bom_id = $3
       UNION
       SELECT l.item_id
       FROM down d
       JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = d.item_id AND sub.${ACTIVE_DEFAULT}
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.bom_id = sub.id
     ),
     up(item_id, passed_through) AS (
       SELECT item_id, passed_through FROM root
       UNION
       SELECT b.item_id, b.is_default
       FROM up u
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.item_id = u.item_id
       JOIN boms b ON b.org_id = $1 AND b.entity_id = $2 AND b.id = l.bom_id AND b.status = 'active'
       WHERE u.passed_through
     )
     SELECT EXISTS (SELECT 1 FROM down JOIN up ON up.item_id = down.item_id) AS cycle`,
    [tenant.orgId, tenant.entityId, bomId],
  );
  return row.cycle;
}

/**
 * Serialises every write to one tenant's BOM graph (until the transaction ends), so two edits that would only
 * together close a cycle cannot both pass the check.
 */
export async function lockBomGraph(manager: EntityManager, tenant: TenantContext): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('bom-graph'), hashtext($1 || '/' || $2))`, [
    tenant.orgId,
    tenant.entityId,
  ]);
}

/**
 * The BOM ids the explosions of the roots reach (themselves included), for the cost roll-up: roots given by id, or
 * as the active default BOM of items. UNION ends any cycle.
 */
export async function reachableBomIds(
  manager: EntityManager,
  tenant: TenantContext,
  roots: { bomIds?: string[]; defaultOfItems?: string[] },
): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    `WITH RECURSIVE reach(id) AS (
       SELECT b.id FROM boms b
       WHERE b.org_id = $1 AND b.entity_id = $2
         AND (b.id = ANY($3::uuid[]) OR (b.item_id = ANY($4::uuid[]) AND b.${ACTIVE_DEFAULT}))
       UNION
       SELECT sub.id
       FROM reach r
       JOIN bom_lines l ON l.org_id = $1 AND l.entity_id = $2 AND l.bom_id = r.id
       JOIN boms sub ON sub.org_id = $1 AND sub.entity_id = $2 AND sub.item_id = l.item_id AND sub.${ACTIVE_DEFAULT}
     )
     SELECT id FROM reach`,
    [tenant.orgId, tenant.entityId, roots.bomIds ?? [], roots.defaultOfItems ?? []],
  );
  return rows.map((row) => row.id);
}
