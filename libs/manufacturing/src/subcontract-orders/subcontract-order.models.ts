import { ApiDecimal, ApiInteger, ApiUuid, formatMoney, formatQuantity, Internal } from '@app/platform';
import { outstandingQuantity } from './subcontract-arithmetic';
import type {
  SubcontractOrder,
  SubcontractOrderMaterial,
  SubcontractOrderStatus,
  SubcontractReceipt,
  SubcontractReceiptMaterial,
} from './subcontract-order.entities';

export class SuppliedMaterialModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  required!: string;
  /** Moved to the supplier warehouse so far. */
  @ApiDecimal()
  issued!: string;
  /** Used up by receipts. */
  @ApiDecimal()
  consumed!: string;
  /** Brought back to the source warehouse on completion or cancellation. */
  @ApiDecimal()
  returned!: string;
}

export class ReceiptConsumptionModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  /** As the stock ledger valued it. */
  @ApiDecimal()
  value!: string;
}

/** One delivery; quality inspections reference its `id` (`referenceType` `subcontract_receipt`). */
export class SubcontractReceiptModel {
  @ApiUuid()
  id!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  rejectedQuantity!: string;
  consumed!: ReceiptConsumptionModel[];
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  service!: string;
  @ApiDecimal()
  total!: string;
  /** total / quantity: the rate the goods were received at. */
  @ApiDecimal()
  unitCost!: string;
  receivedAt!: Date;
}

export class SubcontractCostsModel {
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  service!: string;
  @ApiDecimal()
  total!: string;
  /** total / receivedQuantity; null before the first receipt. */
  @ApiDecimal()
  unitCost!: string | null;
}

export class SubcontractOrderModel {
  @ApiUuid()
  id!: string;
  number!: string;
  supplierName!: string;
  @ApiUuid()
  supplierWarehouseId!: string;
  @ApiUuid()
  itemId!: string;
  @ApiUuid()
  bomId!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiUuid()
  sourceWarehouseId!: string;
  @ApiUuid()
  targetWarehouseId!: string;
  @ApiDecimal()
  serviceRate!: string;
  status!: SubcontractOrderStatus;
  suppliedMaterials!: SuppliedMaterialModel[];
  @ApiDecimal()
  receivedQuantity!: string;
  @ApiDecimal()
  rejectedQuantity!: string;
  /** quantity − receivedQuantity − rejectedQuantity. */
  @ApiDecimal()
  outstandingQuantity!: string;
  costs!: SubcontractCostsModel;
  receipts!: SubcontractReceiptModel[];
  submittedAt!: Date | null;
  completedAt!: Date | null;
  cancelledAt!: Date | null;
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
  @ApiInteger()
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
  @Internal() updatedBy!: string | null;
}

export interface SubcontractOrderChildren {
  materials: SubcontractOrderMaterial[];
  receipts: { receipt: SubcontractReceipt; consumed: SubcontractReceiptMaterial[] }[];
}

export function toSubcontractOrderModel(
  order: SubcontractOrder,
  children: SubcontractOrderChildren,
): SubcontractOrderModel {
  return Object.assign(new SubcontractOrderModel(), {
    id: order.id,
    number: order.number,
    supplierName: order.supplierName,
    supplierWarehouseId: order.supplierWarehouseId,
    itemId: order.itemId,
    bomId: order.bomId,
    quantity: formatQuantity(order.quantity),
    sourceWarehouseId: order.sourceWarehouseId,
    targetWarehouseId: order.targetWarehouseId,
    serviceRate: formatMoney(order.serviceRate),
    status: order.status,
    suppliedMaterials: children.materials.map((material) =>
      Object.assign(new SuppliedMaterialModel(), {
        itemId: material.itemId,
        required: formatQuantity(material.required),
        issued: formatQuantity(material.issued),
        consumed: formatQuantity(material.consumed),
        returned: formatQuantity(material.returned),
      }),
    ),
    receivedQuantity: formatQuantity(order.receivedQuantity),
    rejectedQuantity: formatQuantity(order.rejectedQuantity),
    outstandingQuantity: formatQuantity(
      outstandingQuantity(order.quantity, order.receivedQuantity, order.rejectedQuantity),
    ),
    costs: Object.assign(new SubcontractCostsModel(), {
      material: formatMoney(order.material),
      service: formatMoney(order.service),
      total: formatMoney(order.total),
      unitCost: order.unitCost === null ? null : formatMoney(order.unitCost),
    }),
    receipts: children.receipts.map(({ receipt, consumed }) =>
      Object.assign(new SubcontractReceiptModel(), {
        id: receipt.id,
        quantity: formatQuantity(receipt.quantity),
        rejectedQuantity: formatQuantity(receipt.rejectedQuantity),
        consumed: consumed.map((line) =>
          Object.assign(new ReceiptConsumptionModel(), {
            itemId: line.itemId,
            quantity: formatQuantity(line.quantity),
            value: formatMoney(line.value),
          }),
        ),
        material: formatMoney(receipt.material),
        service: formatMoney(receipt.service),
        total: formatMoney(receipt.total),
        unitCost: formatMoney(receipt.unitCost),
        receivedAt: receipt.receivedAt,
      }),
    ),
    submittedAt: order.submittedAt,
    completedAt: order.completedAt,
    cancelledAt: order.cancelledAt,
    version: order.version,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    createdBy: order.createdBy,
    updatedBy: order.updatedBy,
  });
}
