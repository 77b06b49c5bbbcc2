import { IntersectionType, PickType } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@app/platform';
import { InspectionStatsQuery } from '../quality-inspections';

/**
 * The query of every manufacturing report: `from`/`to` as the quality stats take them (UTC days, both inclusive,
 * `YYYY-MM-DD`; the last 30 days by default), on completion time, and optionally one item.
 */
export class ReportQuery extends PickType(InspectionStatsQuery, ['from', 'to'] as const) {
  /** Only the rows of this item (for `by-products`, the by-product). */
  @IsOptional()
  @IsUUID()
  itemId?: string;
}

/** Job costing has a row per work order: `limit` (1–100, default 25) and `cursor` page it, in completion order. */
export class JobCostingQuery extends IntersectionType(ReportQuery, PageQuery) {}
