import type { TenantContext } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { StatsGrouping } from './quality-inspection.models';

/**
 * The parameters of an item's inspection template as a scalar SQL expression over another module's row (null when
 * the item has none): a producer reads them in a statement it sends anyway and hands them to `inspectProduction`.
 */
export function templateParametersSql(row: { orgId: string; entityId: string; itemId: string }): string {
  return `(SELECT t.parameters FROM quality_inspection_templates t
           WHERE t.org_id = ${row.orgId} AND t.entity_id = ${row.entityId} AND t.item_id = ${row.itemId})`;
}

/** The counts of one group of inspections; `key` is the formatted period or the item id. */
export interface StatsCounts {
  key: string;
  total: number;
  passed: number;
  failed: number;
  pending: number;
}

/** Periods are truncated in UTC, then written as ISO 8601 dates, ISO weeks or months. */
const PERIODS: Record<Exclude<StatsGrouping, 'item'>, { unit: string; format: string }> = {
  day: { unit: 'day', format: 'YYYY-MM-DD' },
  week: { unit: 'week', format: 'IYYY-"W"IW' },
  month: { unit: 'month', format: 'YYYY-MM' },
};

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE status = 'Passed')::int AS passed,
  count(*) FILTER (WHERE status = 'Failed')::int AS failed,
  count(*) FILTER (WHERE status = 'Pending')::int AS pending`;

const IN_RANGE = `org_id = $1 AND entity_id = $2 AND created_at >= $3::timestamptz AND created_at < $4::timestamptz`;

/**
 * The inspections created in [start, end) counted per group, in one aggregate over the (org, entity, created_at)
 * index, which carries status and item_id so the rows themselves are not read. Groups without inspections are absent.
 */
export async function statsCounts(
  manager: EntityManager,
  tenant: TenantContext,
  range: { start: string; end: string },
  groupBy: StatsGrouping,
): Promise<StatsCounts[]> {
  const params = [tenant.orgId, tenant.entityId, range.start, range.end];
  if (groupBy === 'item') {
    return manager.query<StatsCounts[]>(
      `SELECT item_id::text AS key, ${COUNTS} FROM quality_inspections WHERE ${IN_RANGE} GROUP BY item_id ORDER BY item_id`,
      params,
    );
  }
  const { unit, format } = PERIODS[groupBy];
  return manager.query<StatsCounts[]>(
    `SELECT to_char(period, '${format}') AS key, total, passed, failed, pending
     FROM (
       SELECT date_trunc('${unit}', created_at AT TIME ZONE 'UTC') AS period, ${COUNTS}
       FROM quality_inspections WHERE ${IN_RANGE} GROUP BY 1
     ) groups
     ORDER BY period`,
    params,
  );
}
