import { formatQuantity, TenantContext } from '@app/platform';
import { EntityManager, In } from 'typeorm';
import type { PlannedComponent } from './work-order-arithmetic';
import { WorkOrderItem, WorkOrderOutput } from './work-order.entities';
import type { WorkOrderChildren } from './work-order.models';

/*
 * The SQL of the work-order module: plain functions over (manager, tenant, …), always filtered by tenant, one
 * statement per call whatever the number of lines.
 */

/** The lines and outputs of some orders, grouped per order (two statements for any number of orders). */
export async function childrenOf(
  manager: EntityManager,
  tenant: TenantContext,
  workOrderIds: string[],
): Promise<Map<string, WorkOrderChildren>> {
  const byOrder = new Map<string, WorkOrderChildren>(workOrderIds.map((id) => [id, { items: [], outputs: [] }]));
  if (!workOrderIds.length) return byOrder;
  const where = { orgId: tenant.orgId, entityId: tenant.entityId, workOrderId: In(workOrderIds) };
  const order = { workOrderId: 'ASC', position: 'ASC' } as const;
  // One after the other: inside a transaction they share one connection.
  const items = await manager.find(WorkOrderItem, { where, order });
  const outputs = await manager.find(WorkOrderOutput, { where, order });
  items.forEach((item) => byOrder.get(item.workOrderId)!.items.push(item));
  outputs.forEach((output) => byOrder.get(output.workOrderId)!.outputs.push(output));
  return byOrder;
}

/** The required items of one order, in position order. */
export function requiredItemsOf(
  manager: EntityManager,
  tenant: TenantContext,
  workOrderId: string,
): Promise<WorkOrderItem[]> {
  return manager.find(WorkOrderItem, {
    where: { orgId: tenant.orgId, entityId: tenant.entityId, workOrderId },
    order: { position: 'ASC' },
  });
}

/** Replaces an order's required items (Draft planning and the requirements frozen at release); answers them. */
export async function replaceRequiredItems(
  manager: EntityManager,
  tenant: TenantContext,
  workOrderId: string,
  components: readonly PlannedComponent[],
  reserved: boolean,
): Promise<WorkOrderItem[]> {
  const owner = { orgId: tenant.orgId, entityId: tenant.entityId, workOrderId };
  await manager.delete(WorkOrderItem, owner);
  const items = components.map((component, position) =>
    manager.create(WorkOrderItem, {
      ...owner,
      position,
      itemId: component.itemId,
      required: formatQuantity(component.required),
      reserved: reserved ? formatQuantity(component.required) : '0',
      consumed: '0',
    }),
  );
  if (items.length) await manager.insert(WorkOrderItem, items);
  return items;
}

/** Sets `reserved` and `consumed` of every line of an order in one statement (completion and cancellation). */
export async function settleRequiredItems(
  manager: EntityManager,
  tenant: TenantContext,
  workOrderId: string,
  consumedByItem: ReadonlyMap<string, string>,
): Promise<void> {
  await manager.query(
    `UPDATE work_order_items i SET reserved = 0, consumed = k.consumed
     FROM unnest($4::uuid[], $5::numeric[]) AS k(item_id, consumed)
     WHERE i.org_id = $1 AND i.entity_id = $2 AND i.work_order_id = $3 AND i.item_id = k.item_id`,
    [tenant.orgId, tenant.entityId, workOrderId, [...consumedByItem.keys()], [...consumedByItem.values()]],
  );
}

/** Whether a work order exists in the tenant (for references from other modules, e.g. quality inspections). */
export async function workOrderExists(manager: EntityManager, tenant: TenantContext, id: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM work_orders WHERE org_id = $1 AND entity_id = $2 AND id = $3`,
    [tenant.orgId, tenant.entityId, id],
  );
  return rows.length > 0;
}
