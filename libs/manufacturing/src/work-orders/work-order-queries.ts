import { formatQuantity, StatementParameters, type StatementSteps, TenantContext } from '@app/platform';
import { EntityManager } from 'typeorm';
import { documentById, documentsById, lockedDocumentById, ownColumns, type DocumentShape } from '../document-reads';
import { type ParameterDefinition, templateParametersSql } from '../quality-inspections';
import type { PlannedComponent } from './work-order-arithmetic';
import { WorkOrder, WorkOrderItem } from './work-order.entities';
import type { WorkOrderChildren, WorkOrderReceivedOutput, WorkOrderRequiredItem } from './work-order.models';

/*
 * The SQL of the work-order module: plain functions over (manager, tenant, …), always filtered by tenant, one
 * statement per call whatever the number of lines.
 */

/** A work order with its required items and outputs, as one row. */
const SHAPE: DocumentShape = {
  table: 'work_orders',
  filters: {},
  columns: {
    number: 'number',
    itemId: 'item_id',
    bomId: 'bom_id',
    recipeId: 'recipe_id',
    quantity: 'quantity',
    producedQuantity: 'produced_quantity',
    sourceWarehouseId: 'source_warehouse_id',
    targetWarehouseId: 'target_warehouse_id',
    plannedStart: 'planned_start',
    plannedEnd: 'planned_end',
    releasedAt: 'released_at',
    completedAt: 'completed_at',
    cancelledAt: 'cancelled_at',
    plan: 'plan',
    plannedMaterial: 'planned_material',
    plannedOperation: 'planned_operation',
    plannedTotal: 'planned_total',
    material: 'material',
    operation: 'operation',
    byProductShare: 'by_product_share',
    total: 'total',
    unitCost: 'unit_cost',
    plannedMinutes: 'planned_minutes',
    actualMinutes: 'actual_minutes',
    backorderId: 'backorder_id',
  },
  parentKey: { property: 'workOrderId', column: 'work_order_id' },
  children: {
    items: {
      table: 'work_order_items',
      columns: {
        itemId: 'item_id',
        required: 'required::text',
        reserved: 'reserved::text',
        consumed: 'consumed::text',
      },
    },
    outputs: {
      table: 'work_order_outputs',
      columns: {
        itemId: 'item_id',
        kind: 'kind',
        quantity: 'quantity::text',
        unitCost: 'unit_cost::text',
        value: 'value::text',
      },
    },
  },
};

export type WorkOrderRow = WorkOrder & WorkOrderChildren;

const WHAT = 'work order';

/** One order with its lines (one round trip); `404` when it is not the tenant's. */
export function workOrderById(manager: EntityManager, tenant: TenantContext, id: string): Promise<WorkOrderRow> {
  return documentById<WorkOrderRow>(manager, tenant, SHAPE, id, WHAT);
}

/** Orders with their lines, in the order of `ids` (one round trip for any number). */
export function workOrdersById(manager: EntityManager, tenant: TenantContext, ids: string[]): Promise<WorkOrderRow[]> {
  return documentsById<WorkOrderRow>(manager, tenant, SHAPE, ids);
}

/** One order with its lines, its row locked: the first statement of every change. */
export function lockWorkOrder(manager: EntityManager, tenant: TenantContext, id: string): Promise<WorkOrderRow> {
  return lockedDocumentById<WorkOrderRow>(manager, tenant, SHAPE, id, WHAT);
}

/** What a completion reads with the locked order: the inspection template of the item it produces. */
const COMPLETION_EXTRAS = {
  templateParameters: templateParametersSql({ orgId: 'd.org_id', entityId: 'd.entity_id', itemId: 'd.item_id' }),
};

/** The order to complete, locked, with its lines and its item's inspection template parameters (null: none). */
export function lockWorkOrderToComplete(
  manager: EntityManager,
  tenant: TenantContext,
  id: string,
): Promise<WorkOrderRow & { templateParameters: ParameterDefinition[] | null }> {
  return lockedDocumentById(manager, tenant, SHAPE, id, WHAT, COMPLETION_EXTRAS);
}

/**
 * Replaces an order's required items (Draft planning, and the requirements frozen at release, reserved); answers
 * them. Two statements: rows can change item and position, which a one-statement upsert would trip over.
 */
export async function replaceRequiredItems(
  manager: EntityManager,
  tenant: TenantContext,
  workOrderId: string,
  components: readonly PlannedComponent[],
  reserved: boolean,
): Promise<WorkOrderRequiredItem[]> {
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

/** What a transition writes beside the order row, each part optional. */
export interface WorkOrderLineWrites {
  /** What each required item consumed; every reservation of the order's lines ends (completion, cancellation). */
  settled?: ReadonlyMap<string, string>;
  /** The outputs received, in position order (completion). */
  outputs?: readonly WorkOrderReceivedOutput[];
}

/** Columns of the order row a transition sets, by property; the moment it happened is stamped by the database. */
export type WorkOrderChanges = Partial<Omit<WorkOrder, 'id' | 'orgId' | 'entityId' | 'createdAt' | 'updatedAt'>>;

const COLUMNS = ownColumns(SHAPE);

/**
 * A transition's writes, whatever the number of lines, as steps of one statement (the outbox runs them with the
 * event), after the steps `along` (the stock a completion moves): its lines, then the order row (`changes`,
 * `updated_at` among them). The order row is locked already.
 */
export function transitionSteps(
  tenant: TenantContext,
  id: string,
  changes: WorkOrderChanges & Pick<WorkOrder, 'updatedAt'>,
  lines: WorkOrderLineWrites,
  along?: StatementSteps,
): StatementSteps {
  const parameters = along?.parameters ?? new StatementParameters();
  const [org, entity, order] = [tenant.orgId, tenant.entityId, id].map((value) => parameters.add(value));
  const steps = [...(along?.steps ?? [])];
  if (lines.settled) {
    steps.push(
      `settled AS (
         UPDATE work_order_items i SET reserved = 0, consumed = k.consumed
         FROM unnest(${parameters.add([...lines.settled.keys()])}::uuid[],
                     ${parameters.add([...lines.settled.values()])}::numeric[]) AS k(item_id, consumed)
         WHERE i.org_id = ${org} AND i.entity_id = ${entity} AND i.work_order_id = ${order} AND i.item_id = k.item_id)`,
    );
  }
  if (lines.outputs?.length) {
    const outputs = lines.outputs;
    const column = (key: keyof WorkOrderReceivedOutput) => parameters.add(outputs.map((output) => output[key]));
    steps.push(
      `received AS (
         INSERT INTO work_order_outputs (org_id, entity_id, work_order_id, position, item_id, kind, quantity, unit_cost,
                                         value)
         SELECT ${org}, ${entity}, ${order}, o.position - 1, o.item_id, o.kind, o.quantity, o.unit_cost, o.value
         FROM unnest(${column('itemId')}::uuid[], ${column('kind')}::text[], ${column('quantity')}::numeric[],
                     ${column('unitCost')}::numeric[], ${column('value')}::numeric[])
              WITH ORDINALITY AS o(item_id, kind, quantity, unit_cost, value, position))`,
    );
  }
  const assignments = Object.entries(changes).map(
    ([property, value]) =>
      `${COLUMNS[property]} = ${parameters.add(property === 'plan' ? JSON.stringify(value) : value)}`,
  );
  steps.push(
    `changed AS (
       UPDATE work_orders SET ${assignments.join(', ')}
       WHERE org_id = ${org} AND entity_id = ${entity} AND id = ${order})`,
  );
  return { steps, parameters };
}

/** Whether a work order exists in the tenant (for references from other modules, e.g. quality inspections). */
export async function workOrderExists(manager: EntityManager, tenant: TenantContext, id: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM work_orders WHERE org_id = $1 AND entity_id = $2 AND id = $3`,
    [tenant.orgId, tenant.entityId, id],
  );
  return rows.length > 0;
}
