import { ApiDecimal, ApiInteger, ApiUuid, formatMoney, formatQuantity, Internal } from '@app/platform';
import type {
  WorkOrder,
  WorkOrderItem,
  WorkOrderOutput,
  WorkOrderOutputKind,
  WorkOrderStatus,
} from './work-order.entities';

export class WorkOrderRequiredItemModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  required!: string;
  @ApiDecimal()
  reserved!: string;
  @ApiDecimal()
  consumed!: string;
}

export class WorkOrderOutputModel {
  @ApiUuid()
  itemId!: string;
  kind!: WorkOrderOutputKind;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  unitCost!: string;
}

/** Planned figures are frozen at release, actual ones written at completion; null until then. */
export class WorkOrderCostsModel {
  @ApiDecimal()
  plannedMaterial!: string | null;
  @ApiDecimal()
  plannedOperation!: string | null;
  @ApiDecimal()
  plannedTotal!: string | null;
  @ApiDecimal()
  material!: string | null;
  @ApiDecimal()
  operation!: string | null;
  @ApiDecimal()
  byProductShare!: string | null;
  @ApiDecimal()
  total!: string | null;
  @ApiDecimal()
  unitCost!: string | null;
}

export class WorkOrderModel {
  @ApiUuid()
  id!: string;
  number!: string;
  @ApiUuid()
  itemId!: string;
  @ApiUuid()
  bomId!: string | null;
  @ApiUuid()
  recipeId!: string | null;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  producedQuantity!: string;
  @ApiUuid()
  sourceWarehouseId!: string;
  @ApiUuid()
  targetWarehouseId!: string;
  status!: WorkOrderStatus;
  plannedStart!: Date | null;
  plannedEnd!: Date | null;
  releasedAt!: Date | null;
  completedAt!: Date | null;
  cancelledAt!: Date | null;
  requiredItems!: WorkOrderRequiredItemModel[];
  outputs!: WorkOrderOutputModel[];
  costs!: WorkOrderCostsModel;
  @ApiDecimal()
  plannedMinutes!: string;
  @ApiDecimal()
  actualMinutes!: string | null;
  /** The Draft order created for the rest of a partial completion. */
  @ApiUuid()
  backorderId!: string | null;
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
  @ApiInteger()
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
  @Internal() updatedBy!: string | null;
}

/** A required item as the model shows it. */
export type WorkOrderRequiredItem = Pick<WorkOrderItem, 'itemId' | 'required' | 'reserved' | 'consumed'>;
/** An output as the model shows it, with the value it was received at. */
export type WorkOrderReceivedOutput = Pick<WorkOrderOutput, 'itemId' | 'kind' | 'quantity' | 'unitCost' | 'value'>;

export interface WorkOrderChildren {
  items: WorkOrderRequiredItem[];
  outputs: WorkOrderReceivedOutput[];
}

const moneyOrNull = (value: string | null) => (value === null ? null : formatMoney(value));

export function toWorkOrderModel(order: WorkOrder, children: WorkOrderChildren): WorkOrderModel {
  return Object.assign(new WorkOrderModel(), {
    id: order.id,
    number: order.number,
    itemId: order.itemId,
    bomId: order.bomId,
    recipeId: order.recipeId,
    quantity: formatQuantity(order.quantity),
    producedQuantity: formatQuantity(order.producedQuantity),
    sourceWarehouseId: order.sourceWarehouseId,
    targetWarehouseId: order.targetWarehouseId,
    status: order.status,
    plannedStart: order.plannedStart,
    plannedEnd: order.plannedEnd,
    releasedAt: order.releasedAt,
    completedAt: order.completedAt,
    cancelledAt: order.cancelledAt,
    requiredItems: children.items.map((item) =>
      Object.assign(new WorkOrderRequiredItemModel(), {
        itemId: item.itemId,
        required: formatQuantity(item.required),
        reserved: formatQuantity(item.reserved),
        consumed: formatQuantity(item.consumed),
      }),
    ),
    outputs: children.outputs.map((output) =>
      Object.assign(new WorkOrderOutputModel(), {
        itemId: output.itemId,
        kind: output.kind,
        quantity: formatQuantity(output.quantity),
        unitCost: formatMoney(output.unitCost),
      }),
    ),
    costs: Object.assign(new WorkOrderCostsModel(), {
      plannedMaterial: moneyOrNull(order.plannedMaterial),
      plannedOperation: moneyOrNull(order.plannedOperation),
      plannedTotal: moneyOrNull(order.plannedTotal),
      material: moneyOrNull(order.material),
      operation: moneyOrNull(order.operation),
      byProductShare: moneyOrNull(order.byProductShare),
      total: moneyOrNull(order.total),
      unitCost: moneyOrNull(order.unitCost),
    }),
    plannedMinutes: formatQuantity(order.plannedMinutes),
    actualMinutes: order.actualMinutes === null ? null : formatQuantity(order.actualMinutes),
    backorderId: order.backorderId,
    version: order.version,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    createdBy: order.createdBy,
    updatedBy: order.updatedBy,
  });
}
