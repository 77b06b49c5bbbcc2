import { formatMoney, formatQuantity } from '@app/platform';
import { passRate } from '../quality-inspections';
import { changePercent, percentOf, variance, weightedUnitCost } from './report-arithmetic';
import type { ByProductSums, EfficiencySums, JobCostingSums, ProductionCostSums } from './report-queries';

/** Every report's answer: the days it covers (UTC, inclusive), when it was computed, its rows and their totals. */
export class ReportAnswer<Row, Totals> {
  from!: string;
  to!: string;
  /** When the figures were computed; a cached answer keeps the moment it was first computed. */
  generatedAt!: string;
  data!: Row[];
  totals!: Totals;
}

/** A report with a row per document is paged: `nextCursor` fetches the next rows; the totals cover the whole range. */
export class PagedReportAnswer<Row, Totals> extends ReportAnswer<Row, Totals> {
  nextCursor!: string | null;
}

const money = (value: string | null) => formatMoney(value ?? '0');
const quantity = (value: string | null) => formatQuantity(value ?? '0');

export class JobCostingTotals {
  workOrders!: number;
  /** The frozen plan scaled to the produced quantity. */
  plannedTotal!: string;
  material!: string;
  operation!: string;
  byProductShare!: string;
  total!: string;
  /** total − plannedTotal: positive when over plan. */
  variance!: string;
  /** variance / plannedTotal × 100; null when nothing was planned. */
  variancePercent!: string | null;
}

export class JobCostingRow {
  workOrderId!: string;
  number!: string;
  itemId!: string;
  producedQuantity!: string;
  plannedTotal!: string;
  material!: string;
  operation!: string;
  byProductShare!: string;
  total!: string;
  unitCost!: string;
  variance!: string;
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
  workOrders!: number;
  value!: string;
}

export class ByProductRow {
  /** The by- or co-product. */
  itemId!: string;
  quantity!: string;
  value!: string;
  workOrders!: number;
  /** The finished items whose work orders gave it, sorted. */
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
  material!: string;
  operation!: string;
  service!: string;
  total!: string;
}

export class ProductionCostRow extends ProductionCostTotals {
  itemId!: string;
  /** Finished quantity of its completed work orders and subcontract receipts. */
  producedQuantity!: string;
  /** Σ(unit cost × quantity) / Σ quantity over those documents. */
  averageUnitCost!: string;
  minUnitCost!: string;
  maxUnitCost!: string;
  /** Today's unit cost of the item's active default BOM (`GET /bom/:id/cost`); null when it has none. */
  standardUnitCost!: string | null;
  /** (averageUnitCost − standardUnitCost) / standardUnitCost × 100; null without a standard. */
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
  workOrders!: number;
  plannedQuantity!: string;
  producedQuantity!: string;
  /** producedQuantity / plannedQuantity × 100. */
  yieldPercent!: string | null;
  /** The planned minutes of the produced quantity. */
  plannedMinutes!: string;
  actualMinutes!: string;
  /** plannedMinutes / actualMinutes × 100; null when no minutes were recorded. */
  performancePercent!: string | null;
  /** Orders completed by their plannedEnd, of those that had one; null when none had. */
  onTimePercent!: string | null;
  /** passed / (passed + failed) × 100 over the orders' inspections; null when none is completed. */
  qualityPassRate!: string | null;
}

export class EfficiencyRow extends EfficiencyTotals {
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
