import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal, ApiInteger, ApiUuid, formatMoney, formatQuantity } from '@app/platform';
import { passRate } from '../quality-inspections';
import { changePercent, percentOf, variance, weightedUnitCost } from './report-arithmetic';
import type { ByProductSums, EfficiencySums, JobCostingSums, ProductionCostSums } from './report-queries';

/** What every report's answer starts with: the days it covers (UTC, inclusive) and when it was computed. */
export class ReportPeriod {
  /** The first day covered (UTC, inclusive). */
  @ApiProperty({ type: 'string', format: 'date' })
  from!: string;
  /** The last day covered (UTC, inclusive). */
  @ApiProperty({ type: 'string', format: 'date' })
  to!: string;
  /** When the figures were computed; a cached answer keeps the moment it was first computed. */
  @ApiProperty({ type: 'string', format: 'date-time' })
  generatedAt!: string;
}

/** Every report's answer: its period, its rows and their totals. */
export type ReportAnswer<Row, Totals> = ReportPeriod & { data: Row[]; totals: Totals };

/** A report with a row per document is paged: `nextCursor` fetches the next rows; the totals cover the whole range. */
export type PagedReportAnswer<Row, Totals> = ReportAnswer<Row, Totals> & { nextCursor: string | null };

const money = (value: string | null) => formatMoney(value ?? '0');
const quantity = (value: string | null) => formatQuantity(value ?? '0');

export class JobCostingTotals {
  @ApiInteger()
  workOrders!: number;
  /** The frozen plan scaled to the produced quantity. */
  @ApiDecimal()
  plannedTotal!: string;
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  operation!: string;
  @ApiDecimal()
  byProductShare!: string;
  @ApiDecimal()
  total!: string;
  /** total − plannedTotal: positive when over plan. */
  @ApiDecimal()
  variance!: string;
  /** variance / plannedTotal × 100; null when nothing was planned. */
  @ApiDecimal()
  variancePercent!: string | null;
}

export class JobCostingRow {
  @ApiUuid()
  workOrderId!: string;
  number!: string;
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  producedQuantity!: string;
  @ApiDecimal()
  plannedTotal!: string;
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  operation!: string;
  @ApiDecimal()
  byProductShare!: string;
  @ApiDecimal()
  total!: string;
  @ApiDecimal()
  unitCost!: string;
  @ApiDecimal()
  variance!: string;
  @ApiDecimal()
  variancePercent!: string | null;
}

function costAgainstPlan(sums: JobCostingSums) {
  const planned = money(sums.planned_total);
  const total = money(sums.total);
  return {
    plannedTotal: planned,
    material: money(sums.material),
    operation: money(sums.operation),
    byProductShare: money(sums.by_product_share),
    total,
    variance: variance(total, planned),
    variancePercent: changePercent(total, planned),
  };
}

export function toJobCostingRow(sums: JobCostingSums): JobCostingRow {
  return Object.assign(new JobCostingRow(), {
    workOrderId: sums.work_order_id!,
    number: sums.number!,
    itemId: sums.item_id!,
    producedQuantity: quantity(sums.produced_quantity),
    ...costAgainstPlan(sums),
    unitCost: money(sums.unit_cost),
  });
}

export function toJobCostingTotals(sums: JobCostingSums): JobCostingTotals {
  return Object.assign(new JobCostingTotals(), { workOrders: sums.work_orders, ...costAgainstPlan(sums) });
}

export class ByProductTotals {
  /** Work orders that gave any by- or co-product. */
  @ApiInteger()
  workOrders!: number;
  @ApiDecimal()
  value!: string;
}

export class ByProductRow {
  /** The by- or co-product. */
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  value!: string;
  @ApiInteger()
  workOrders!: number;
  /** The finished items whose work orders gave it, sorted. */
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true })
  finishedItemIds!: string[];
}

export function toByProductRow(sums: ByProductSums): ByProductRow {
  return Object.assign(new ByProductRow(), {
    itemId: sums.item_id!,
    quantity: quantity(sums.quantity),
    value: money(sums.value),
    workOrders: sums.work_orders,
    finishedItemIds: [...sums.finished_item_ids].sort(),
  });
}

export function toByProductTotals(sums: ByProductSums): ByProductTotals {
  return Object.assign(new ByProductTotals(), { workOrders: sums.work_orders, value: money(sums.value) });
}

export class ProductionCostTotals {
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  operation!: string;
  @ApiDecimal()
  service!: string;
  @ApiDecimal()
  total!: string;
}

export class ProductionCostRow extends ProductionCostTotals {
  @ApiUuid()
  itemId!: string;
  /** Finished quantity of its completed work orders and subcontract receipts. */
  @ApiDecimal()
  producedQuantity!: string;
  /** Σ(unit cost × quantity) / Σ quantity over those documents. */
  @ApiDecimal()
  averageUnitCost!: string;
  @ApiDecimal()
  minUnitCost!: string;
  @ApiDecimal()
  maxUnitCost!: string;
  /** Today's unit cost of the item's active default BOM (`GET /bom/:id/cost`); null when it has none. */
  @ApiDecimal()
  standardUnitCost!: string | null;
  /** (averageUnitCost − standardUnitCost) / standardUnitCost × 100; null without a standard. */
  @ApiDecimal()
  varianceToStandardPercent!: string | null;
}

export function toProductionCostTotals(sums: ProductionCostSums): ProductionCostTotals {
  return Object.assign(new ProductionCostTotals(), {
    material: money(sums.material),
    operation: money(sums.operation),
    service: money(sums.service),
    total: money(sums.total),
  });
}

export function toProductionCostRow(sums: ProductionCostSums, standardUnitCost: string | null): ProductionCostRow {
  const averageUnitCost = weightedUnitCost(sums.unit_cost_value!, sums.produced_quantity!);
  return Object.assign(new ProductionCostRow(), {
    itemId: sums.item_id!,
    producedQuantity: quantity(sums.produced_quantity),
    ...toProductionCostTotals(sums),
    averageUnitCost,
    minUnitCost: money(sums.min_unit_cost),
    maxUnitCost: money(sums.max_unit_cost),
    standardUnitCost,
    varianceToStandardPercent: changePercent(averageUnitCost, standardUnitCost),
  });
}

export class EfficiencyTotals {
  @ApiInteger()
  workOrders!: number;
  @ApiDecimal()
  plannedQuantity!: string;
  @ApiDecimal()
  producedQuantity!: string;
  /** producedQuantity / plannedQuantity × 100. */
  @ApiDecimal()
  yieldPercent!: string | null;
  /** The planned minutes of the produced quantity. */
  @ApiDecimal()
  plannedMinutes!: string;
  @ApiDecimal()
  actualMinutes!: string;
  /** plannedMinutes / actualMinutes × 100; null when no minutes were recorded. */
  @ApiDecimal()
  performancePercent!: string | null;
  /** Orders completed by their plannedEnd, of those that had one; null when none had. */
  @ApiDecimal()
  onTimePercent!: string | null;
  /** passed / (passed + failed) × 100 over the orders' inspections; null when none is completed. */
  @ApiDecimal()
  qualityPassRate!: string | null;
}

export class EfficiencyRow extends EfficiencyTotals {
  @ApiUuid()
  itemId!: string;
}

export function toEfficiencyTotals(sums: EfficiencySums): EfficiencyTotals {
  const plannedQuantity = quantity(sums.planned_quantity);
  const producedQuantity = quantity(sums.produced_quantity);
  const plannedMinutes = quantity(sums.planned_minutes);
  const actualMinutes = quantity(sums.actual_minutes);
  return Object.assign(new EfficiencyTotals(), {
    workOrders: sums.work_orders,
    plannedQuantity,
    producedQuantity,
    yieldPercent: percentOf(producedQuantity, plannedQuantity),
    plannedMinutes,
    actualMinutes,
    performancePercent: percentOf(plannedMinutes, actualMinutes),
    onTimePercent: percentOf(sums.on_time, sums.scheduled),
    qualityPassRate: passRate(sums.passed, sums.failed),
  });
}

export function toEfficiencyRow(sums: EfficiencySums): EfficiencyRow {
  return Object.assign(new EfficiencyRow(), { itemId: sums.item_id!, ...toEfficiencyTotals(sums) });
}

export class JobCostingReport extends ReportPeriod implements ReportAnswer<JobCostingRow, JobCostingTotals> {
  @ApiProperty({ type: () => [JobCostingRow] })
  data!: JobCostingRow[];
  @ApiProperty({ type: () => JobCostingTotals })
  totals!: JobCostingTotals;
  /** The cursor of the next page; null on the last one. */
  nextCursor!: string | null;
}

export class ByProductsReport extends ReportPeriod implements ReportAnswer<ByProductRow, ByProductTotals> {
  @ApiProperty({ type: () => [ByProductRow] })
  data!: ByProductRow[];
  @ApiProperty({ type: () => ByProductTotals })
  totals!: ByProductTotals;
}

export class ProductionCostReport
  extends ReportPeriod
  implements ReportAnswer<ProductionCostRow, ProductionCostTotals>
{
  @ApiProperty({ type: () => [ProductionCostRow] })
  data!: ProductionCostRow[];
  @ApiProperty({ type: () => ProductionCostTotals })
  totals!: ProductionCostTotals;
}

export class EfficiencyReport extends ReportPeriod implements ReportAnswer<EfficiencyRow, EfficiencyTotals> {
  @ApiProperty({ type: () => [EfficiencyRow] })
  data!: EfficiencyRow[];
  @ApiProperty({ type: () => EfficiencyTotals })
  totals!: EfficiencyTotals;
}
