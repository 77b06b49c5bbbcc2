import { findInTenant, formatQuantity, TenantContext } from '@app/platform';
import { EntityManager, In } from 'typeorm';
import {
  SubcontractOrder,
  SubcontractOrderMaterial,
  SubcontractReceipt,
  SubcontractReceiptMaterial,
} from './subcontract-order.entities';
import type { SubcontractOrderChildren } from './subcontract-order.models';

/** The order, locked FOR UPDATE when `lock`: every action takes it first, so parallel receipts queue on it. */
export function loadOrder(
  manager: EntityManager,
  tenant: TenantContext,
  id: string,
  lock = false,
): Promise<SubcontractOrder> {
  return findInTenant(manager, SubcontractOrder, tenant, id, 'subcontract order', lock);
}

/** The materials of one order in BOM line order (read under the order's lock, so they are current). */
export function materialsOf(
  manager: EntityManager,
  tenant: TenantContext,
  orderId: string,
): Promise<SubcontractOrderMaterial[]> {
  return manager.find(SubcontractOrderMaterial, {
    where: { orgId: tenant.orgId, entityId: tenant.entityId, subcontractOrderId: orderId },
    order: { position: 'ASC' },
  });
}

/** Materials and receipts (with what each consumed) of some orders: three queries for any number of orders. */
export async function childrenOf(
  manager: EntityManager,
  tenant: TenantContext,
  orderIds: string[],
): Promise<Map<string, SubcontractOrderChildren>> {
  const byOrder = new Map<string, SubcontractOrderChildren>(
    orderIds.map((id) => [id, { materials: [], receipts: [] }]),
  );
  if (!orderIds.length) return byOrder;
  const tenantWhere = { orgId: tenant.orgId, entityId: tenant.entityId };
  // One after the other: inside a transaction they share one connection.
  const materials = await manager.find(SubcontractOrderMaterial, {
    where: { ...tenantWhere, subcontractOrderId: In(orderIds) },
    order: { subcontractOrderId: 'ASC', position: 'ASC' },
  });
  const receipts = await manager.find(SubcontractReceipt, {
    where: { ...tenantWhere, subcontractOrderId: In(orderIds) },
    order: { receivedAt: 'ASC', id: 'ASC' },
  });
  const consumed = receipts.length
    ? await manager.find(SubcontractReceiptMaterial, {
        where: { ...tenantWhere, subcontractReceiptId: In(receipts.map((receipt) => receipt.id)) },
        order: { subcontractReceiptId: 'ASC', position: 'ASC' },
      })
    : [];
  materials.forEach((material) => byOrder.get(material.subcontractOrderId)!.materials.push(material));
  const consumedByReceipt = new Map(receipts.map((receipt) => [receipt.id, [] as SubcontractReceiptMaterial[]]));
  consumed.forEach((line) => consumedByReceipt.get(line.subcontractReceiptId)!.push(line));
  receipts.forEach((receipt) =>
    byOrder.get(receipt.subcontractOrderId)!.receipts.push({ receipt, consumed: consumedByReceipt.get(receipt.id)! }),
  );
  return byOrder;
}

/** Writes the running totals of some materials of an order in one statement. */
export async function saveMaterialTotals(
  manager: EntityManager,
  tenant: TenantContext,
  materials: readonly SubcontractOrderMaterial[],
): Promise<void> {
  if (!materials.length) return;
  await manager.query(
    `UPDATE subcontract_order_materials m
     SET issued = v.issued, consumed = v.consumed, returned = v.returned
     FROM unnest($3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[]) AS v(id, issued, consumed, returned)
     WHERE m.org_id = $1 AND m.entity_id = $2 AND m.id = v.id`,
    [
      tenant.orgId,
      tenant.entityId,
      materials.map((material) => material.id),
      materials.map((material) => formatQuantity(material.issued)),
      materials.map((material) => formatQuantity(material.consumed)),
      materials.map((material) => formatQuantity(material.returned)),
    ],
  );
}

/** Whether a receipt exists in the tenant: what a quality inspection of a `subcontract_receipt` refers to. */
export async function subcontractReceiptExists(
  manager: EntityManager,
  tenant: TenantContext,
  id: string,
): Promise<boolean> {
  return manager.existsBy(SubcontractReceipt, { orgId: tenant.orgId, entityId: tenant.entityId, id });
}
