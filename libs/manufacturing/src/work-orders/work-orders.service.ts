import { Injectable } from '@nestjs/common';
import { itemFacts, StockMovements, warehouseFacts } from '@app/inventory';
import {
  actorId,
  ApiError,
  Dec,
  formatMoney,
  formatQuantity,
  nextDocumentNumber,
  Page,
  PageRequest,
  paginate,
  StatementParameters,
  type StatementSteps,
  TenantCache,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { EventOutbox, type WebhookTopic } from '@app/webhooks';
import { EntityManager } from 'typeorm';
import { BomService } from '../bom';
import { QualityInspectionsService } from '../quality-inspections';
import { RecipeService } from '../recipes';
import { assertVersion } from '../document-version';
import {
  backflushed,
  CompletionCost,
  completionCost,
  outputQuantities,
  planFromBom,
  planFromRecipe,
  plannedCost,
  ProductionPlan,
  totalMinutes,
} from './work-order-arithmetic';
import { assertEditable, transitionTarget, WORK_ORDER_TRANSITIONS, WorkOrderAction } from './work-order-lifecycle';
import {
  lockWorkOrder,
  lockWorkOrderToComplete,
  replaceRequiredItems,
  WorkOrderChanges,
  WorkOrderLineWrites,
  workOrderById,
  workOrdersById,
  transitionSteps,
} from './work-order-queries';
import type { CompleteWorkOrderBody, CreateWorkOrderBody, UpdateWorkOrderBody } from './work-order.dto';
import { StoredProductionPlan, WorkOrder, WorkOrderStatus } from './work-order.entities';
import { toWorkOrderModel, WorkOrderChildren, WorkOrderModel, WorkOrderReceivedOutput } from './work-order.models';

export interface WorkOrderFilter extends PageRequest {
  status?: WorkOrderStatus;
  itemId?: string;
  from?: string;
  to?: string;
}

/** What ends each transition: its event and the moment it stamps on the order. */
const TRANSITION_ENDINGS: Record<
  WorkOrderAction,
  { type: WebhookTopic; stamped: 'releasedAt' | 'completedAt' | 'cancelledAt' }
> = {
  release: { type: 'work_order.released', stamped: 'releasedAt' },
  complete: { type: 'work_order.completed', stamped: 'completedAt' },
  cancel: { type: 'work_order.cancelled', stamped: 'cancelledAt' },
};

/** Stock movements and allocations of a work order carry this reference type and the order's id. */
export const WORK_ORDER_REFERENCE = 'work_order';

function storedPlan(plan: ProductionPlan): StoredProductionPlan {
  return {
    operations: plan.operations.map((operation) => ({
      name: operation.name,
      minutes: formatQuantity(operation.minutes),
      hourlyRate: formatMoney(operation.hourlyRate),
    })),
    coOutputs: plan.coOutputs.map((output) => ({
      itemId: output.itemId,
      perUnit: output.perUnit.toString(),
      costSharePercent: output.costSharePercent.toString(),
    })),
  };
}

const roundQuantity = (quantity: Dec) => new Dec(formatQuantity(quantity));

/**
 * Work orders (API.md §7): Draft → InProgress (release: the materials are reserved, the planned cost frozen) →
 * Completed (consumption issued, outputs received and valued, all in one transaction), or Cancelled. Every
 * transition locks the order row first, so parallel calls on one order serialise and the second sees the new state.
 */
@Injectable()
export class WorkOrdersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly movements: StockMovements,
    private readonly boms: BomService,
    private readonly recipes: RecipeService,
    private readonly inspections: QualityInspectionsService,
    private readonly reportCache: TenantCache,
  ) {}

  async create(tenant: TenantContext, input: CreateWorkOrderBody): Promise<WorkOrderModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** A Draft order with its number and its requirements as the BOM or recipe gives them today. */
  async createWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    input: CreateWorkOrderBody,
  ): Promise<WorkOrderModel> {
    const { manager } = unitOfWork;
    if (input.bomId && input.recipeId) {
      throw ApiError.validation([{ field: 'recipeId', message: 'give a bomId or a recipeId, not both' }]);
    }
    const [item] = (await itemFacts(manager, tenant, [input.itemId])).values();
    if (item.kind === 'service') throw ApiError.unprocessable('A service item cannot be produced.');
    await warehouseFacts(manager, tenant, [input.sourceWarehouseId, input.targetWarehouseId]);
    const source = { itemId: input.itemId, bomId: input.bomId ?? null, recipeId: input.recipeId ?? null };
    const plannedStart = input.plannedStart ? new Date(input.plannedStart) : null;
    const plannedEnd = input.plannedEnd ? new Date(input.plannedEnd) : null;
    this.assertPlannedWindow(plannedStart, plannedEnd);
    const { plan, bomId } = await this.planFor(manager, tenant, source, input.quantity);
    const order = await manager.save(
      manager.create(WorkOrder, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        number: await nextDocumentNumber(unitOfWork, tenant, 'WO'),
        itemId: input.itemId,
        bomId,
        recipeId: source.recipeId,
        quantity: input.quantity,
        producedQuantity: '0',
        sourceWarehouseId: input.sourceWarehouseId,
        targetWarehouseId: input.targetWarehouseId,
        status: 'Draft',
        plannedStart,
        plannedEnd,
        plan: storedPlan(plan),
        plannedMinutes: formatQuantity(totalMinutes(plan.operations)),
        version: 1,
        createdBy: actorId(tenant),
        updatedBy: actorId(tenant),
      }),
    );
    await replaceRequiredItems(manager, tenant, order.id, plan.components, false);
    return this.model(manager, tenant, order.id);
  }

  async list(tenant: TenantContext, filter: WorkOrderFilter): Promise<Page<WorkOrderModel>> {
    const manager = this.transactions.reader;
    const query = manager
      .getRepository(WorkOrder)
      .createQueryBuilder('w')
      // The page is cut here by id; the orders themselves, with their lines, are read in one statement after.
      .select('w.id')
      .where('w.org_id = :orgId AND w.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.status) query.andWhere('w.status = :status', { status: filter.status });
    if (filter.itemId) query.andWhere('w.item_id = :itemId', { itemId: filter.itemId });
    if (filter.from) query.andWhere('w.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('w.created_at < :to', { to: filter.to });
    const page = await paginate(query, filter);
    const rows = await workOrdersById(
      manager,
      tenant,
      page.data.map((order) => order.id),
    );
    // In page order; a Draft deleted between the two reads is left out.
    return new Page(
      rows.map((row) => toWorkOrderModel(row, row)),
      page.nextCursor,
    );
  }

  async get(tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    return this.model(this.transactions.reader, tenant, id);
  }

  /** Changes a Draft order made against `version`; a new quantity re-plans its requirements. */
  async update(tenant: TenantContext, id: string, input: UpdateWorkOrderBody): Promise<WorkOrderModel> {
    return this.transactions.run(async ({ manager }) => {
      const order = await lockWorkOrder(manager, tenant, id);
      assertEditable(order.status);
      assertVersion('work order', order.version, input.version);
      const warehouses = [input.sourceWarehouseId, input.targetWarehouseId].filter((w): w is string => !!w);
      await warehouseFacts(manager, tenant, warehouses);
      const plannedStart = input.plannedStart === undefined ? order.plannedStart : this.date(input.plannedStart);
      const plannedEnd = input.plannedEnd === undefined ? order.plannedEnd : this.date(input.plannedEnd);
      this.assertPlannedWindow(plannedStart, plannedEnd);
      const replanned = input.quantity ? await this.planFor(manager, tenant, order, input.quantity) : undefined;
      await manager.update(
        WorkOrder,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          ...(input.quantity && { quantity: input.quantity }),
          ...(input.sourceWarehouseId && { sourceWarehouseId: input.sourceWarehouseId }),
          ...(input.targetWarehouseId && { targetWarehouseId: input.targetWarehouseId }),
          ...(replanned && {
            plan: storedPlan(replanned.plan),
            plannedMinutes: formatQuantity(totalMinutes(replanned.plan.operations)),
          }),
          plannedStart,
          plannedEnd,
          version: order.version + 1,
          updatedBy: actorId(tenant),
          updatedAt: () => 'clock_timestamp()',
        },
      );
      if (replanned) await replaceRequiredItems(manager, tenant, id, replanned.plan.components, false);
      return this.model(manager, tenant, id);
    });
  }

  /** Deletes a Draft order; its number is not handed out again. */
  async delete(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      const order = await lockWorkOrder(manager, tenant, id);
      assertEditable(order.status);
      await manager.delete(WorkOrder, { id, orgId: tenant.orgId, entityId: tenant.entityId });
    });
  }

  async release(tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    return this.transactions.run((unitOfWork) => this.releaseWithin(unitOfWork, tenant, id));
  }

  /**
   * Draft → InProgress: the requirements of the BOM or recipe as they are now, each reserved in the source
   * warehouse (all or nothing: `422 insufficient_stock` listing every shortage), and the planned cost frozen at
   * the valuation rates of this moment.
   */
  async releaseWithin(unitOfWork: UnitOfWork, tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    const { manager } = unitOfWork;
    const order = await lockWorkOrder(manager, tenant, id);
    transitionTarget(order.status, 'release');
    const { plan } = await this.planFor(manager, tenant, order, order.quantity);
    const lines = plan.components.map((component) => ({
      itemId: component.itemId,
      warehouseId: order.sourceWarehouseId,
      quantity: formatQuantity(component.required),
    }));
    if (lines.length) {
      await this.movements.reserve(unitOfWork, tenant, {
        referenceType: WORK_ORDER_REFERENCE,
        referenceId: id,
        lines,
      });
    }
    const rates = await itemFacts(
      manager,
      tenant,
      plan.components.map((component) => component.itemId),
    );
    const planned = plannedCost(
      lines.map((line) => ({ itemId: line.itemId, required: line.quantity })),
      plan.operations,
      (itemId) => rates.get(itemId)!.valuationRate,
    );
    const items = await replaceRequiredItems(manager, tenant, id, plan.components, true);
    return this.finishTransition(
      unitOfWork,
      tenant,
      order,
      'release',
      {
        plan: storedPlan(plan),
        plannedMinutes: formatQuantity(totalMinutes(plan.operations)),
        plannedMaterial: formatMoney(planned.material),
        plannedOperation: formatMoney(planned.operation),
        plannedTotal: formatMoney(planned.total),
      },
      { items, outputs: [] },
    );
  }

  async complete(tenant: TenantContext, id: string, input: CompleteWorkOrderBody): Promise<WorkOrderModel> {
    return this.transactions.run((unitOfWork) => this.completeWithin(unitOfWork, tenant, id, input));
  }

  /**
   * InProgress → Completed in one transaction: the order's allocations are released, the consumption (backflushed,
   * or as stated) is issued from the source warehouse — out of that reservation first, beyond it out of available
   * stock — and the finished goods and by-/co-products are received into the target warehouse at their share of
   * the cost, moving the valuation average.
   */
  async completeWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    input: CompleteWorkOrderBody,
  ): Promise<WorkOrderModel> {
    const { manager } = unitOfWork;
    const order = await lockWorkOrderToComplete(manager, tenant, id);
    transitionTarget(order.status, 'complete');
    const produced = new Dec(input.producedQuantity ?? order.quantity);
    if (produced.gt(order.quantity)) {
      throw ApiError.unprocessable('producedQuantity cannot exceed the quantity of the work order.', {
        quantity: formatQuantity(order.quantity),
      });
    }
    const required = order.items;
    const consumed = this.consumption(required, order.quantity, produced, input.consumed ?? []);
    const actualMinutes = roundQuantity(
      input.actualMinutes === undefined
        ? backflushed(order.plannedMinutes, order.quantity, produced)
        : new Dec(input.actualMinutes),
    );
    const outputs = outputQuantities(order.itemId, produced, order.plan.coOutputs, roundQuantity);
    const issues = [...consumed].filter(([, quantity]) => quantity.gt(0));
    // An item with an inspection template gets a Pending inspection of this lot in the same unit of work, so no
    // finished lot slips through uninspected. Written before the stock moves, so the locks the movement takes on
    // shared balances are held for one statement fewer.
    await this.inspections.inspectProduction(unitOfWork, tenant, {
      referenceType: 'work_order',
      referenceId: id,
      itemId: order.itemId,
      quantity: formatQuantity(produced),
      templateParameters: order.templateParameters,
    });
    let cost: CompletionCost | undefined;
    // One movement: the allocations released, the consumption issued and the outputs received at their share of
    // the cost, priced from the rates the issues go out at under the movement's item locks. Its writes run in the
    // statement that ends the transition.
    const stock = await this.movements.prepare(
      unitOfWork,
      tenant,
      {
        referenceType: WORK_ORDER_REFERENCE,
        referenceId: id,
        releaseHeld: true,
        lines: [
          ...issues.map(([itemId, quantity]) => ({
            itemId,
            warehouseId: order.sourceWarehouseId,
            quantity: quantity.negated(),
          })),
          ...outputs.map((output) => ({
            itemId: output.itemId,
            warehouseId: order.targetWarehouseId,
            quantity: output.quantity,
          })),
        ],
        priceReceipts: (rates) => {
          cost = completionCost({
            consumed: issues.map(([itemId, quantity]) => ({ quantity, rate: rates.get(itemId)! })),
            operations: order.plan.operations,
            actualMinutes,
            outputs,
          });
          return new Map(cost.outputs.map((output) => [output.itemId, output.unitCost]));
        },
      },
      new StatementParameters(),
    );
    if (!cost) throw new Error('The stock movement did not price the receipts of the completion');
    const booked = cost;
    const settled = required.map((item) => ({
      ...item,
      reserved: '0',
      consumed: formatQuantity(consumed.get(item.itemId)!),
    }));
    const received: WorkOrderReceivedOutput[] = booked.outputs.map((output) => ({
      itemId: output.itemId,
      kind: output.kind,
      quantity: formatQuantity(output.quantity),
      unitCost: formatMoney(output.unitCost),
      value: formatMoney(output.value),
    }));
    const backorder =
      input.backorder && produced.lt(order.quantity)
        ? await this.createWithin(unitOfWork, tenant, {
            itemId: order.itemId,
            ...(order.recipeId ? { recipeId: order.recipeId } : { bomId: order.bomId! }),
            quantity: formatQuantity(new Dec(order.quantity).minus(produced)),
            sourceWarehouseId: order.sourceWarehouseId,
            targetWarehouseId: order.targetWarehouseId,
          })
        : undefined;
    // The stock moved, the lines settled, the outputs recorded, the order row changed and the event: one statement.
    const lines = { settled: new Map(settled.map((item) => [item.itemId, item.consumed])), outputs: received };
    return this.finishTransition(
      unitOfWork,
      tenant,
      order,
      'complete',
      {
        producedQuantity: formatQuantity(produced),
        actualMinutes: formatQuantity(actualMinutes),
        material: formatMoney(booked.material),
        operation: formatMoney(booked.operation),
        byProductShare: formatMoney(booked.byProductShare),
        total: formatMoney(booked.total),
        unitCost: formatMoney(booked.unitCost),
        ...(backorder && { backorderId: backorder.id }),
      },
      { items: settled, outputs: received },
      lines,
      stock,
    );
  }

  async cancel(tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    return this.transactions.run((unitOfWork) => this.cancelWithin(unitOfWork, tenant, id));
  }

  /** Draft or InProgress → Cancelled: every allocation the order holds goes back to available stock. */
  async cancelWithin(unitOfWork: UnitOfWork, tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    const { manager } = unitOfWork;
    const order = await lockWorkOrder(manager, tenant, id);
    transitionTarget(order.status, 'cancel');
    const inProgress = order.status === 'InProgress';
    if (inProgress) {
      await this.movements.release(unitOfWork, tenant, { referenceType: WORK_ORDER_REFERENCE, referenceId: id });
    }
    const items = inProgress ? order.items.map((item) => ({ ...item, reserved: '0', consumed: '0' })) : order.items;
    const lines = inProgress ? { settled: new Map(items.map((item) => [item.itemId, '0'])) } : {};
    return this.finishTransition(unitOfWork, tenant, order, 'cancel', {}, { items, outputs: order.outputs }, lines);
  }

  /**
   * What a completion consumes per required item: backflushed from the plan (`required × produced / quantity`,
   * at the quantity scale), unless `stated`. A stated item that the order does not require is a `422`.
   */
  private consumption(
    required: { itemId: string; required: string }[],
    quantity: string,
    produced: Dec,
    stated: { itemId: string; quantity: string }[],
  ): Map<string, Dec> {
    const consumed = new Map(
      required.map((item) => [item.itemId, roundQuantity(backflushed(item.required, quantity, produced))]),
    );
    const statedItems = new Set<string>();
    for (const line of stated) {
      if (!consumed.has(line.itemId)) {
        throw ApiError.unprocessable('A consumed item is not one of the work order’s required items.', {
          itemId: line.itemId,
        });
      }
      if (statedItems.has(line.itemId)) {
        throw ApiError.unprocessable('An item appears twice in consumed.', { itemId: line.itemId });
      }
      statedItems.add(line.itemId);
      consumed.set(line.itemId, new Dec(line.quantity));
    }
    return consumed;
  }

  /** The plan an order follows: its BOM (given, or the item's active default) or its recipe. */
  private async planFor(
    manager: EntityManager,
    tenant: TenantContext,
    source: { itemId: string; bomId: string | null; recipeId: string | null },
    quantity: string,
  ): Promise<{ plan: ProductionPlan; bomId: string | null }> {
    if (source.recipeId) {
      const recipe = await this.recipes.forProduction(manager, tenant, source.itemId, source.recipeId);
      return { plan: planFromRecipe(recipe, quantity), bomId: null };
    }
    const bom = await this.boms.forProduction(manager, tenant, source.itemId, source.bomId ?? undefined);
    return { plan: planFromBom(bom, quantity), bomId: bom.id };
  }

  /**
   * The end of every transition, in its unit of work and in one statement: the order row moved to the action's
   * state (its changes, its version up, the moment stamped), the transition's line writes, and the event with the
   * order as the API shows it, after the steps `along`. Work that must follow the commit (report cache
   * invalidation) is registered here with `unitOfWork.afterCommit`.
   */
  private async finishTransition(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    order: WorkOrder,
    action: WorkOrderAction,
    changes: WorkOrderChanges,
    children: WorkOrderChildren,
    lines: WorkOrderLineWrites = {},
    along?: StatementSteps,
  ): Promise<WorkOrderModel> {
    const { type, stamped } = TRANSITION_ENDINGS[action];
    const now = new Date();
    const written = {
      ...changes,
      status: WORK_ORDER_TRANSITIONS[action].to,
      version: order.version + 1,
      updatedBy: actorId(tenant),
      [stamped]: now,
      updatedAt: now,
    };
    const model = toWorkOrderModel({ ...order, ...written }, children);
    if (action !== 'release') unitOfWork.afterCommit(() => this.reportCache.invalidate(tenant));
    await this.outbox.publish(
      unitOfWork,
      { type, tenant: { orgId: tenant.orgId, entityId: tenant.entityId }, data: model },
      transitionSteps(tenant, order.id, written, lines, along),
    );
    return model;
  }

  private assertPlannedWindow(start: Date | null, end: Date | null): void {
    if (start && end && end < start) throw ApiError.unprocessable('plannedEnd cannot be before plannedStart.');
  }

  private date(value: string | null): Date | null {
    return value === null ? null : new Date(value);
  }

  private async model(manager: EntityManager, tenant: TenantContext, id: string): Promise<WorkOrderModel> {
    const row = await workOrderById(manager, tenant, id);
    return toWorkOrderModel(row, row);
  }
}
