import { formatMoney, formatQuantity, Internal } from '@app/platform';
import { outstandingQuantity } from './subcontract-arithmetic';
import type {
  SubcontractOrder,
  SubcontractOrderMaterial,
  SubcontractOrderStatus,
  SubcontractReceipt,
  SubcontractReceiptMaterial,
} from './subcontract-order.entities';

export class SuppliedMaterialModel {
  itemId!: string;
  required!: string;
  /** Moved to the supplier warehouse so far. */
  issued!: string;
  /** Used up by receipts. */
  consumed!: string;
  /** Brought back to the source warehouse on completion or cancellation. */
  returned!: string;
}

export class ReceiptConsumptionModel {
  itemId!: string;
  quantity!: string;
  /** As the stock ledger valued it. */
  value!: string;
}

/** One delivery; quality inspections reference its `id` (`referenceType` `subcontract_receipt`). */
export class SubcontractReceiptModel {
  id!: string;
  quantity!: string;
  rejectedQuantity!: string;
  consumed!: ReceiptConsumptionModel[];
  material!: string;
  service!: string;
  total!: string;
  /** total / quantity: the rate the goods were received at. */
  unitCost!: string;
  receivedAt!: Date;
}

export class SubcontractCostsModel {
  material!: string;
  service!: string;
  total!: string;
  /** total / receivedQuantity; null before the first receipt. */
  unitCost!: string | null;
}

export class SubcontractOrderModel {
  id!: string;
  number!: string;
  supplierName!: string;
  supplierWarehouseId!: string;
  itemId!: string;
  bomId!: string;
  quantity!: string;
  sourceWarehouseId!: string;
  targetWarehouseId!: string;
  serviceRate!: string;
  status!: SubcontractOrderStatus;
  suppliedMaterials!: SuppliedMaterialModel[];
  receivedQuantity!: string;
  rejectedQuantity!: string;
  /** quantity − receivedQuantity − rejectedQuantity. */
  outstandingQuantity!: string;
  costs!: SubcontractCostsModel;
  receipts!: SubcontractReceiptModel[];
  submittedAt!: Date | null;
  completedAt!: Date | null;
  cancelledAt!: Date | null;
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
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
