import { createdKeyset, keysetAfter, keysetOrder, keysetSelect, type TenantContext } from '@app/platform';
import type { EntityManager } from 'typeorm';

/** What every report reads: documents completed in [start, end), optionally of one item. */
export interface ReportFilter {
  start: string;
  end: string;
  itemId: string | null;
}

/*
 * The SQL of the manufacturing reports: one aggregate per report over the manufacturing library's own tables, each
 * answering its rows and, in the same statement (GROUPING SETS … ()), the totals row, flagged `is_total`. Sums stay
 * numeric and come back as text, so nothing passes through a binary float.
 */

/** $1 org, $2 entity, $3 start, $4 end, $5 item: completed work orders in the range (the status/completed_at index). */
const COMPLETED_WORK_ORDERS = `w.org_id = $1 AND w.entity_id = $2 AND w.status = 'Completed'
  AND w.completed_at >= $3::timestamptz AND w.completed_at < $4::timestamptz`;
const OF_ITEM = (column: string) => `($5::uuid IS NULL OR ${column} = $5::uuid)`;

const params = (tenant: TenantContext, filter: ReportFilter) => [
  tenant.orgId,
  tenant.entityId,
  filter.start,
  filter.end,
  filter.itemId,
];

export type JobCostingSums = {
  is_total: boolean;
  work_order_id: string | null;
  number: string | null;
  item_id: string | null;
  work_orders: number;
  produced_quantity: string | null;
  planned_total: string | null;
  material: string | null;
  operation: string | null;
  by_product_share: string | null;
  total: string | null;
  unit_cost: string | null;
  /** The keyset of a page row (`keysetSelect`), for the next cursor. */
  __k0: string | null;
  __k1: string | null;
};

/** Job-costing pages run in completion order. */
export const JOB_COSTING_KEYSET = createdKeyset('w', 'completed_at');

/** An order's frozen plan scaled to its produced quantity, rounded to the money scale per order as its row shows it. */
const SCALED_PLAN = 'round(w.planned_total * w.produced_quantity / w.quantity, 4)';

/**
 * One page of the completed work orders (`rows` after the cursor, in completion order, from the
 * status/completed_at index), each with its plan scaled to the produced quantity, and — last — the totals over every
 * order of the range, in one statement.
 */
export function jobCostingSums(
  manager: EntityManager,
  tenant: TenantContext,
  filter: ReportFilter,
  page: { rows: number; cursor?: string },
) {
  const after = keysetAfter(JOB_COSTING_KEYSET, page.cursor, 7);
  const inRange = `${COMPLETED_WORK_ORDERS} AND ${OF_ITEM('w.item_id')}`;
  return manager.query<JobCostingSums[]>(
    `SELECT * FROM (
       (SELECT false AS is_total, w.id AS work_order_id, w.number, w.item_id, 1 AS work_orders,
          w.produced_quantity::text AS produced_quantity, ${SCALED_PLAN}::text AS planned_total,
          w.material::text AS material, w.operation::text AS operation, w.by_product_share::text AS by_product_share,
          w.total::text AS total, w.unit_cost::text AS unit_cost, ${keysetSelect(JOB_COSTING_KEYSET)},
          w.completed_at
        FROM work_orders w
        WHERE ${inRange} AND ${after.sql}
        ORDER BY ${keysetOrder(JOB_COSTING_KEYSET)}
        LIMIT $6)
       UNION ALL
       SELECT true, NULL, NULL, NULL, count(*)::int, sum(w.produced_quantity)::text, sum(${SCALED_PLAN})::text,
         sum(w.material)::text, sum(w.operation)::text, sum(w.by_product_share)::text, sum(w.total)::text, NULL, NULL,
         NULL, NULL
       FROM work_orders w
       WHERE ${inRange}
     ) answer
     ORDER BY is_total, completed_at, work_order_id`,
    [...params(tenant, filter), page.rows, ...after.params],
  );
}

export interface ByProductSums {
  is_total: boolean;
  item_id: string | null;
  quantity: string | null;
  value: string | null;
  work_orders: number;
  finished_item_ids: string[];
}

/** The by- and co-products of the completed work orders per item: quantity, value, orders, and what they came from. */
export function byProductSums(manager: EntityManager, tenant: TenantContext, filter: ReportFilter) {
  return manager.query<ByProductSums[]>(
    `SELECT GROUPING(o.item_id) = 1 AS is_total, o.item_id,
       sum(o.quantity)::text AS quantity,
       sum(o.value)::text AS value,
       count(DISTINCT o.work_order_id)::int AS work_orders,
       array_agg(DISTINCT w.item_id::text) AS finished_item_ids
     FROM work_orders w
     JOIN work_order_outputs o ON o.org_id = w.org_id AND o.entity_id = w.entity_id AND o.work_order_id = w.id
     WHERE ${COMPLETED_WORK_ORDERS} AND o.kind = 'by_product' AND ${OF_ITEM('o.item_id')}
     GROUP BY GROUPING SETS ((o.item_id), ())
     ORDER BY is_total, o.item_id`,
    params(tenant, filter),
  );
}

export interface ProductionCostSums {
  is_total: boolean;
  item_id: string | null;
  produced_quantity: string | null;
  material: string | null;
  operation: string | null;
  service: string | null;
  total: string | null;
  /** Σ unit cost × quantity, the numerator of the quantity-weighted average. */
  unit_cost_value: string | null;
  min_unit_cost: string | null;
  max_unit_cost: string | null;
}

/**
 * What each item cost to make, over its completed work orders (finished goods at their unit cost, the by-products'
 * share excluded) and its subcontract receipts, in one pass over both.
 */
export function productionCostSums(manager: EntityManager, tenant: TenantContext, filter: ReportFilter) {
  return manager.query<ProductionCostSums[]>(
    `WITH produced AS (
       SELECT w.item_id, w.produced_quantity AS quantity, w.material, w.operation, 0::numeric AS service, w.total,
         w.unit_cost
       FROM work_orders w
       WHERE ${COMPLETED_WORK_ORDERS} AND ${OF_ITEM('w.item_id')}
       UNION ALL
       SELECT r.item_id, r.quantity, r.material, 0::numeric, r.service, r.total, r.unit_cost
       FROM subcontract_receipts r
       WHERE r.org_id = $1 AND r.entity_id = $2 AND r.received_at >= $3::timestamptz AND r.received_at < $4::timestamptz
         AND ${OF_ITEM('r.item_id')}
     )
     SELECT GROUPING(item_id) = 1 AS is_total, item_id,
       sum(quantity)::text AS produced_quantity,
       sum(material)::text AS material,
       sum(operation)::text AS operation,
       sum(service)::text AS service,
       sum(total)::text AS total,
       sum(unit_cost * quantity)::text AS unit_cost_value,
       min(unit_cost)::text AS min_unit_cost,
       max(unit_cost)::text AS max_unit_cost
     FROM produced
     GROUP BY GROUPING SETS ((item_id), ())
     ORDER BY is_total, item_id`,
    params(tenant, filter),
  );
}

/**
 * The items a production cost analysis lists, read beside its aggregate (on another connection) so that their
 * standard costs are rolled up while the aggregate runs.
 */
export async function producedItemIds(
  manager: EntityManager,
  tenant: TenantContext,
  filter: ReportFilter,
): Promise<string[]> {
  const rows = await manager.query<{ item_id: string }[]>(
    `SELECT w.item_id FROM work_orders w WHERE ${COMPLETED_WORK_ORDERS} AND ${OF_ITEM('w.item_id')}
     UNION
     SELECT r.item_id FROM subcontract_receipts r
     WHERE r.org_id = $1 AND r.entity_id = $2 AND r.received_at >= $3::timestamptz AND r.received_at < $4::timestamptz
       AND ${OF_ITEM('r.item_id')}`,
    params(tenant, filter),
  );
  return rows.map((row) => row.item_id);
}

export interface EfficiencySums {
  is_total: boolean;
  item_id: string | null;
  work_orders: number;
  planned_quantity: string | null;
  produced_quantity: string | null;
  planned_minutes: string | null;
  actual_minutes: string | null;
  /** Orders that had a plannedEnd, and those of them completed by it. */
  scheduled: number;
  on_time: number;
  passed: number;
  failed: number;
}

/**
 * Plan against outcome per item: quantities, minutes (the plan scaled to the produced quantity, rounded per order
 * as a completion records its default), punctuality, and the verdicts of the orders' quality inspections.
 */
export function efficiencySums(manager: EntityManager, tenant: TenantContext, filter: ReportFilter) {
  return manager.query<EfficiencySums[]>(
    `WITH done AS (
       SELECT w.id, w.item_id, w.quantity, w.produced_quantity,
         round(w.planned_minutes * w.produced_quantity / w.quantity, 6) AS planned_minutes,
         w.actual_minutes, w.planned_end, w.completed_at
       FROM work_orders w
       WHERE ${COMPLETED_WORK_ORDERS} AND ${OF_ITEM('w.item_id')}
     ), verdicts AS (
       SELECT q.reference_id,
         count(*) FILTER (WHERE q.status = 'Passed') AS passed,
         count(*) FILTER (WHERE q.status = 'Failed') AS failed
       FROM quality_inspections q
       JOIN done d ON d.id = q.reference_id
       WHERE q.org_id = $1 AND q.entity_id = $2 AND q.reference_type = 'work_order'
       GROUP BY q.reference_id
     )
     SELECT GROUPING(d.item_id) = 1 AS is_total, d.item_id,
       count(*)::int AS work_orders,
       sum(d.quantity)::text AS planned_quantity,
       sum(d.produced_quantity)::text AS produced_quantity,
       sum(d.planned_minutes)::text AS planned_minutes,
       sum(d.actual_minutes)::text AS actual_minutes,
       count(d.planned_end)::int AS scheduled,
       count(*) FILTER (WHERE d.completed_at <= d.planned_end)::int AS on_time,
       coalesce(sum(v.passed), 0)::int AS passed,
       coalesce(sum(v.failed), 0)::int AS failed
     FROM done d
     LEFT JOIN verdicts v ON v.reference_id = d.id
     GROUP BY GROUPING SETS ((d.item_id), ())
     ORDER BY is_total, d.item_id`,
    params(tenant, filter),
  );
}
