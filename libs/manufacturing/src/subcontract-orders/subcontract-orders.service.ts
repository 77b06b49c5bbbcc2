import { Injectable } from '@nestjs/common';
import {
  insufficientStock,
  itemFacts,
  Shortage,
  StockMovementLine,
  StockMovements,
  warehouseFacts,
} from '@app/inventory';
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
  sumDecimals,
  TenantCache,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { EventOutbox, type WebhookTopic } from '@app/webhooks';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { BomService, componentRequirements } from '../bom';
import { QualityInspectionsService } from '../quality-inspections';
import { assertVersion } from '../document-version';
import {
  assertActionAllowed,
  leftAtSupplier,
  orderCosts,
  outstandingQuantity,
  receiptConsumption,
  receiptCost,
  statusAfterIssue,
  statusAfterReceipt,
} from './subcontract-arithmetic';
import type {
  CreateSubcontractOrderBody,
  IssueMaterialsBody,
  ReceiveGoodsBody,
  UpdateSubcontractOrderBody,
} from './subcontract-order.dto';
import {
  SubcontractOrder,
  SubcontractOrderMaterial,
  SubcontractOrderStatus,
  SubcontractReceipt,
  SubcontractReceiptMaterial,
} from './subcontract-order.entities';
import { SubcontractOrderModel, toSubcontractOrderModel } from './subcontract-order.models';
import { childrenOf, loadOrder, materialsOf, saveMaterialTotals } from './subcontract-queries';

export interface SubcontractOrderFilter extends PageRequest {
  status?: SubcontractOrderStatus;
  itemId?: string;
  supplierWarehouseId?: string;
}

/** Every movement of an order carries this reference type and the order's id. */
const REFERENCE_TYPE = 'subcontract_order';

/** What an order is made from: its warehouses checked, its BOM resolved and the materials it needs. */
interface OrderPlan {
  bomId: string;
  supplierName: string;
  materials: { itemId: string; required: string }[];
}

/**
 * Subcontract orders (API.md §7): our materials are issued to the subcontractor's supplier warehouse, receipts
 * consume them in proportion and bring the goods in at the consumed material value plus the service; completion and
 * cancellation bring back what is left. Every action runs in one unit of work that first locks the order row, so
 * parallel receipts queue and never over-receive or over-consume, and posts its ledger entries and its event there.
 */
@Injectable()
export class SubcontractOrdersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly boms: BomService,
    private readonly movements: StockMovements,
    private readonly inspections: QualityInspectionsService,
    private readonly reportCache: TenantCache,
  ) {}

  async create(tenant: TenantContext, input: CreateSubcontractOrderBody): Promise<SubcontractOrderModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates a Draft in the caller's unit of work (the demo seed), numbered `SC-00001`, … per tenant. */
  async createWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    input: CreateSubcontractOrderBody,
  ): Promise<SubcontractOrderModel> {
    const { manager } = unitOfWork;
    const plan = await this.plan(manager, tenant, input);
    const order = await manager.save(
      manager.create(SubcontractOrder, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        number: await nextDocumentNumber(unitOfWork, tenant, 'SC'),
        supplierName: plan.supplierName,
        supplierWarehouseId: input.supplierWarehouseId,
        itemId: input.itemId,
        bomId: plan.bomId,
        quantity: input.quantity,
        sourceWarehouseId: input.sourceWarehouseId,
        targetWarehouseId: input.targetWarehouseId,
        serviceRate: input.serviceRate,
        status: 'Draft',
        receivedQuantity: '0',
        rejectedQuantity: '0',
        material: '0',
        service: '0',
        total: '0',
        unitCost: null,
        version: 1,
        createdBy: actorId(tenant),
        updatedBy: actorId(tenant),
      }),
    );
    await this.writeMaterials(manager, tenant, order.id, plan);
    return this.model(manager, tenant, order.id);
  }

  async list(tenant: TenantContext, filter: SubcontractOrderFilter): Promise<Page<SubcontractOrderModel>> {
    const manager = this.transactions.reader;
    const query = manager
      .getRepository(SubcontractOrder)
      .createQueryBuilder('s')
      .where('s.org_id = :orgId AND s.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.itemId) query.andWhere('s.item_id = :itemId', { itemId: filter.itemId });
    if (filter.supplierWarehouseId) {
      query.andWhere('s.supplier_warehouse_id = :supplierWarehouseId', {
        supplierWarehouseId: filter.supplierWarehouseId,
      });
    }
    const page = await paginate(query, filter);
    return new Page(await this.withChildren(manager, tenant, page.data), page.nextCursor);
  }

  async get(tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    return this.model(this.transactions.reader, tenant, id);
  }

  /** Changes a Draft against the `version` read; the materials are worked out again from the (new) BOM. */
  async update(tenant: TenantContext, id: string, input: UpdateSubcontractOrderBody): Promise<SubcontractOrderModel> {
    return this.transactions.run(async ({ manager }) => {
      const order = await this.lockDraft(manager, tenant, id, 'changed');
      assertVersion('subcontract order', order.version, input.version);
      const itemChanged = input.itemId != null && input.itemId !== order.itemId;
      const supplierChanged =
        input.supplierWarehouseId != null && input.supplierWarehouseId !== order.supplierWarehouseId;
      const merged: CreateSubcontractOrderBody = {
        supplierWarehouseId: input.supplierWarehouseId ?? order.supplierWarehouseId,
        itemId: input.itemId ?? order.itemId,
        // A new item follows its own default BOM, a new supplier warehouse names its own supplier, unless told.
        bomId: input.bomId ?? (itemChanged ? undefined : order.bomId),
        quantity: input.quantity ?? order.quantity,
        sourceWarehouseId: input.sourceWarehouseId ?? order.sourceWarehouseId,
        targetWarehouseId: input.targetWarehouseId ?? order.targetWarehouseId,
        serviceRate: input.serviceRate ?? order.serviceRate,
        supplierName: input.supplierName ?? (supplierChanged ? undefined : order.supplierName),
      };
      const plan = await this.plan(manager, tenant, merged);
      await manager.update(
        SubcontractOrder,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          supplierWarehouseId: merged.supplierWarehouseId,
          supplierName: plan.supplierName,
          itemId: merged.itemId,
          bomId: plan.bomId,
          quantity: merged.quantity,
          sourceWarehouseId: merged.sourceWarehouseId,
          targetWarehouseId: merged.targetWarehouseId,
          serviceRate: merged.serviceRate,
          version: order.version + 1,
          updatedBy: actorId(tenant),
          updatedAt: () => 'clock_timestamp()',
        },
      );
      await manager.delete(SubcontractOrderMaterial, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        subcontractOrderId: id,
      });
      await this.writeMaterials(manager, tenant, id, plan);
      return this.model(manager, tenant, id);
    });
  }

  async delete(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      await this.lockDraft(manager, tenant, id, 'deleted');
      await manager.delete(SubcontractOrder, { id, orgId: tenant.orgId, entityId: tenant.entityId });
    });
  }

  /** Draft → Submitted: the order is sent to the supplier and may receive materials. */
  async submit(tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    return this.transactions.run((unitOfWork) => this.submitWithin(unitOfWork, tenant, id));
  }

  async submitWithin(unitOfWork: UnitOfWork, tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    const { manager } = unitOfWork;
    const order = await loadOrder(manager, tenant, id, true);
    assertActionAllowed(order.status, 'submit');
    await this.saveOrder(manager, tenant, order, { status: 'Submitted', submittedAt: () => 'clock_timestamp()' });
    return this.model(manager, tenant, id);
  }

  async issueMaterials(tenant: TenantContext, id: string, input: IssueMaterialsBody): Promise<SubcontractOrderModel> {
    return this.transactions.run((unitOfWork) => this.issueMaterialsWithin(unitOfWork, tenant, id, input));
  }

  /**
   * Moves materials from the source to the supplier warehouse (the lines given, or all still to issue), each at the
   * item's valuation rate: one movement, so the value leaving one warehouse is the value arriving at the other.
   */
  async issueMaterialsWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    input: IssueMaterialsBody,
  ): Promise<SubcontractOrderModel> {
    const { manager } = unitOfWork;
    const order = await loadOrder(manager, tenant, id, true);
    assertActionAllowed(order.status, 'issue-materials');
    const materials = await materialsOf(manager, tenant, id);
    const toIssue = this.quantitiesToIssue(materials, input);
    const lines: StockMovementLine[] = [];
    for (const [material, quantity] of toIssue) {
      // No rate on the receiving line: it is booked at the valuation rate read under the movement's own lock.
      lines.push(
        { itemId: material.itemId, warehouseId: order.sourceWarehouseId, quantity: quantity.negated() },
        { itemId: material.itemId, warehouseId: order.supplierWarehouseId, quantity },
      );
      material.issued = formatQuantity(new Dec(material.issued).plus(quantity));
    }
    await this.movements.move(unitOfWork, tenant, { referenceType: REFERENCE_TYPE, referenceId: id, lines });
    await saveMaterialTotals(manager, tenant, [...toIssue.keys()]);
    await this.saveOrder(manager, tenant, order, { status: statusAfterIssue(order.status, materials) });
    return this.publish(unitOfWork, tenant, id, ['subcontract_order.materials_issued']);
  }

  async receive(tenant: TenantContext, id: string, input: ReceiveGoodsBody): Promise<SubcontractOrderModel> {
    return this.transactions.run((unitOfWork) => this.receiveWithin(unitOfWork, tenant, id, input));
  }

  /**
   * Posts a receipt: consumes `required / order quantity × (quantity + rejected)` of each material at the supplier,
   * then receives `quantity` into the target warehouse at (consumed value + service) / quantity.
   */
  async receiveWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    input: ReceiveGoodsBody,
  ): Promise<SubcontractOrderModel> {
    const { manager } = unitOfWork;
    const order = await loadOrder(manager, tenant, id, true);
    assertActionAllowed(order.status, 'receive');
    const quantity = new Dec(input.quantity);
    const rejected = new Dec(input.rejectedQuantity ?? '0');
    const worked = quantity.plus(rejected);
    const outstanding = outstandingQuantity(order.quantity, order.receivedQuantity, order.rejectedQuantity);
    if (worked.gt(outstanding)) {
      throw ApiError.unprocessable(
        `The receipt (${formatQuantity(worked)} accepted and rejected) exceeds what is outstanding on the order.`,
        { outstandingQuantity: formatQuantity(outstanding) },
      );
    }

    const materials = await materialsOf(manager, tenant, id);
    const doneBefore = new Dec(order.receivedQuantity).plus(order.rejectedQuantity);
    const consumption = materials
      .map((material) => ({
        material,
        quantity: receiptConsumption(material.required, order.quantity, doneBefore, worked),
      }))
      .filter((line) => line.quantity.gt(0));
    this.assertIssuedEnough(order, consumption);
    const entries = consumption.length
      ? await this.movements.move(unitOfWork, tenant, {
          referenceType: REFERENCE_TYPE,
          referenceId: id,
          lines: consumption.map((line) => ({
            itemId: line.material.itemId,
            warehouseId: order.supplierWarehouseId,
            quantity: line.quantity.negated(),
          })),
        })
      : [];
    const consumedValues = entries.map((entry) => new Dec(entry.value).negated());
    const cost = receiptCost(sumDecimals(consumedValues), order.serviceRate, quantity, rejected);
    await this.movements.move(unitOfWork, tenant, {
      referenceType: REFERENCE_TYPE,
      referenceId: id,
      lines: [{ itemId: order.itemId, warehouseId: order.targetWarehouseId, quantity, rate: cost.unitCost }],
    });

    const receipt = await manager.save(
      manager.create(SubcontractReceipt, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        subcontractOrderId: id,
        itemId: order.itemId,
        quantity: formatQuantity(quantity),
        rejectedQuantity: formatQuantity(rejected),
        material: formatMoney(cost.material),
        service: formatMoney(cost.service),
        total: formatMoney(cost.total),
        unitCost: formatMoney(cost.unitCost),
        createdBy: actorId(tenant),
      }),
    );
    if (consumption.length) {
      await manager.insert(
        SubcontractReceiptMaterial,
        consumption.map((line, position) => ({
          orgId: tenant.orgId,
          entityId: tenant.entityId,
          subcontractReceiptId: receipt.id,
          position,
          itemId: line.material.itemId,
          quantity: formatQuantity(line.quantity),
          value: formatMoney(consumedValues[position]),
        })),
      );
    }
    for (const line of consumption) {
      line.material.consumed = formatQuantity(new Dec(line.material.consumed).plus(line.quantity));
    }
    await saveMaterialTotals(
      manager,
      tenant,
      consumption.map((line) => line.material),
    );

    // The order's costs are the sums over its receipts: the running totals so far plus this receipt.
    const received = new Dec(order.receivedQuantity).plus(quantity);
    const costs = orderCosts([
      { quantity: order.receivedQuantity, material: order.material, service: order.service },
      { quantity, material: cost.material, service: cost.service },
    ]);
    const status = statusAfterReceipt(outstanding.minus(worked));
    await this.saveOrder(manager, tenant, order, {
      status,
      receivedQuantity: formatQuantity(received),
      rejectedQuantity: formatQuantity(new Dec(order.rejectedQuantity).plus(rejected)),
      material: formatMoney(costs.material),
      service: formatMoney(costs.service),
      total: formatMoney(costs.total),
      unitCost: costs.unitCost === null ? null : formatMoney(costs.unitCost),
      ...(status === 'Completed' && { completedAt: () => 'clock_timestamp()' }),
    });
    await this.afterReceipt(unitOfWork, tenant, order, receipt);
    this.registerAfterCommit(unitOfWork, tenant);
    return this.publish(
      unitOfWork,
      tenant,
      id,
      status === 'Completed'
        ? ['subcontract_order.goods_received', 'subcontract_order.completed']
        : ['subcontract_order.goods_received'],
    );
  }

  /** Closes a PartiallyReceived order early; what is left at the supplier comes back to the source warehouse. */
  async complete(tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    return this.close(tenant, id, 'complete', { status: 'Completed', completedAt: () => 'clock_timestamp()' }, [
      'subcontract_order.completed',
    ]);
  }

  /** Cancels an order with nothing received; what was issued comes back to the source warehouse. */
  async cancel(tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    return this.close(tenant, id, 'cancel', { status: 'Cancelled', cancelledAt: () => 'clock_timestamp()' }, []);
  }

  /** Completion and cancellation: the materials left at the supplier go back, then the order closes. */
  private async close(
    tenant: TenantContext,
    id: string,
    action: 'complete' | 'cancel',
    change: QueryDeepPartialEntity<SubcontractOrder>,
    events: WebhookTopic[],
  ): Promise<SubcontractOrderModel> {
    return this.transactions.run(async (unitOfWork) => {
      const order = await loadOrder(unitOfWork.manager, tenant, id, true);
      assertActionAllowed(order.status, action);
      await this.returnLeftovers(unitOfWork, tenant, order);
      await this.saveOrder(unitOfWork.manager, tenant, order, change);
      this.registerAfterCommit(unitOfWork, tenant);
      return this.publish(unitOfWork, tenant, id, events);
    });
  }

  /**
   * The one place for work a receipt triggers in its own unit of work, after the goods are in: a Pending inspection
   * of the received lot when the item has an inspection template.
   */
  private async afterReceipt(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    order: SubcontractOrder,
    receipt: SubcontractReceipt,
  ): Promise<void> {
    await this.inspections.inspectProduction(unitOfWork, tenant, {
      referenceType: 'subcontract_receipt',
      referenceId: receipt.id,
      itemId: order.itemId,
      quantity: receipt.quantity,
    });
  }

  /**
   * The one place where a receipt, completion or cancellation registers what must follow its commit (the reports'
   * cache invalidation).
   */
  private registerAfterCommit(unitOfWork: UnitOfWork, tenant: TenantContext): void {
    unitOfWork.afterCommit(() => this.reportCache.invalidate(tenant));
  }

  /** Warehouses checked, BOM resolved (as for a work order) and its direct requirements for `quantity`. */
  private async plan(
    manager: EntityManager,
    tenant: TenantContext,
    input: CreateSubcontractOrderBody,
  ): Promise<OrderPlan> {
    const warehouses = await warehouseFacts(manager, tenant, [
      input.supplierWarehouseId,
      input.sourceWarehouseId,
      input.targetWarehouseId,
    ]);
    const supplier = warehouses.get(input.supplierWarehouseId)!;
    if (supplier.kind !== 'supplier') {
      throw ApiError.unprocessable('supplierWarehouseId must name a warehouse of kind supplier.');
    }
    if (
      input.sourceWarehouseId === input.supplierWarehouseId ||
      input.targetWarehouseId === input.supplierWarehouseId
    ) {
      throw ApiError.unprocessable('The source and target warehouses must differ from the supplier warehouse.');
    }
    const supplierName = input.supplierName ?? supplier.supplierName;
    if (!supplierName) {
      throw ApiError.unprocessable('The supplier warehouse names no supplier; send a supplierName.');
    }
    const [made] = (await itemFacts(manager, tenant, [input.itemId])).values();
    if (made.kind === 'service')
      throw ApiError.unprocessable('A service item holds no stock and cannot be subcontracted.');
    const bom = await this.boms.forProduction(manager, tenant, input.itemId, input.bomId);
    const materials = componentRequirements(bom, input.quantity).map((line) => ({
      itemId: line.itemId,
      required: formatQuantity(line.required),
    }));
    if (materials.some((material) => new Dec(material.required).isZero())) {
      throw ApiError.unprocessable('The quantity is too small: a material would be needed in less than 0.000001.');
    }
    return { bomId: bom.id, supplierName, materials };
  }

  private async writeMaterials(
    manager: EntityManager,
    tenant: TenantContext,
    orderId: string,
    plan: OrderPlan,
  ): Promise<void> {
    await manager.insert(
      SubcontractOrderMaterial,
      plan.materials.map((material, position) => ({
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        subcontractOrderId: orderId,
        position,
        itemId: material.itemId,
        required: material.required,
        issued: '0',
        consumed: '0',
        returned: '0',
      })),
    );
  }

  /** PATCH and DELETE edit a Draft only; a sent order is changed through its actions (`422` otherwise). */
  private async lockDraft(
    manager: EntityManager,
    tenant: TenantContext,
    id: string,
    verb: string,
  ): Promise<SubcontractOrder> {
    const order = await loadOrder(manager, tenant, id, true);
    if (order.status !== 'Draft') {
      throw ApiError.unprocessable(`Only a Draft subcontract order can be ${verb}; this one is ${order.status}.`);
    }
    return order;
  }

  /** The quantity to issue of each material; more than `required` in all is a `422`. */
  private quantitiesToIssue(
    materials: SubcontractOrderMaterial[],
    input: IssueMaterialsBody,
  ): Map<SubcontractOrderMaterial, Dec> {
    const byItem = new Map(materials.map((material) => [material.itemId, material]));
    const toIssue = new Map<SubcontractOrderMaterial, Dec>();
    if (input.lines) {
      for (const line of input.lines) {
        const material = byItem.get(line.itemId);
        if (!material) {
          throw ApiError.unprocessable(`The item ${line.itemId} is not a material of this subcontract order.`);
        }
        toIssue.set(material, (toIssue.get(material) ?? new Dec(0)).plus(line.quantity));
      }
    } else {
      for (const material of materials) {
        const rest = new Dec(material.required).minus(material.issued);
        if (rest.gt(0)) toIssue.set(material, rest);
      }
      if (!toIssue.size) throw ApiError.unprocessable('Every material of the order has been issued in full already.');
    }
    const over = [...toIssue].filter(([material, quantity]) => quantity.plus(material.issued).gt(material.required));
    if (over.length) {
      throw ApiError.unprocessable("An issue would take a material's issued quantity above its required quantity.", {
        materials: over.map(([material, quantity]) => ({
          itemId: material.itemId,
          required: formatQuantity(material.required),
          issued: formatQuantity(material.issued),
          requested: formatQuantity(quantity),
        })),
      });
    }
    return toIssue;
  }

  /**
   * A receipt may only consume what was issued to the supplier for this order — other orders' materials in the same
   * supplier warehouse are not its to take. `422 insufficient_stock` listing every material short.
   */
  private assertIssuedEnough(
    order: SubcontractOrder,
    consumption: { material: SubcontractOrderMaterial; quantity: Dec }[],
  ): void {
    const shortages: Shortage[] = consumption
      .map(({ material, quantity }) => ({
        material,
        quantity,
        left: leftAtSupplier(material.issued, material.consumed, material.returned),
      }))
      .filter(({ quantity, left }) => left.lt(quantity))
      .map(({ material, quantity, left }) => ({
        itemId: material.itemId,
        warehouseId: order.supplierWarehouseId,
        required: formatQuantity(quantity),
        available: formatQuantity(left),
      }));
    if (shortages.length) throw insufficientStock(shortages);
  }

  /** Moves what is left of each material at the supplier back to the source warehouse, as `returned`. */
  private async returnLeftovers(unitOfWork: UnitOfWork, tenant: TenantContext, order: SubcontractOrder): Promise<void> {
    const materials = await materialsOf(unitOfWork.manager, tenant, order.id);
    const leftovers = materials
      .map((material) => ({ material, left: leftAtSupplier(material.issued, material.consumed, material.returned) }))
      .filter(({ left }) => left.gt(0));
    if (!leftovers.length) return;
    await this.movements.move(unitOfWork, tenant, {
      referenceType: REFERENCE_TYPE,
      referenceId: order.id,
      lines: leftovers.flatMap(({ material, left }) => [
        { itemId: material.itemId, warehouseId: order.supplierWarehouseId, quantity: left.negated() },
        { itemId: material.itemId, warehouseId: order.sourceWarehouseId, quantity: left },
      ]),
    });
    for (const { material, left } of leftovers) {
      material.returned = formatQuantity(new Dec(material.returned).plus(left));
    }
    await saveMaterialTotals(
      unitOfWork.manager,
      tenant,
      leftovers.map(({ material }) => material),
    );
  }

  /** Writes a change of the locked order with the next version and who made it. */
  private async saveOrder(
    manager: EntityManager,
    tenant: TenantContext,
    order: SubcontractOrder,
    change: QueryDeepPartialEntity<SubcontractOrder>,
  ): Promise<void> {
    await manager.update(
      SubcontractOrder,
      { id: order.id, orgId: tenant.orgId, entityId: tenant.entityId },
      {
        ...change,
        version: order.version + 1,
        updatedBy: actorId(tenant),
        updatedAt: () => 'clock_timestamp()',
      },
    );
  }

  /** The order as it now is, with each of its events published in the unit of work. */
  private async publish(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    types: WebhookTopic[],
  ): Promise<SubcontractOrderModel> {
    const model = await this.model(unitOfWork.manager, tenant, id);
    for (const type of types) {
      await this.outbox.publish(unitOfWork, {
        type,
        tenant: { orgId: tenant.orgId, entityId: tenant.entityId },
        data: model,
      });
    }
    return model;
  }

  private async model(manager: EntityManager, tenant: TenantContext, id: string): Promise<SubcontractOrderModel> {
    const [model] = await this.withChildren(manager, tenant, [await loadOrder(manager, tenant, id)]);
    return model;
  }

  private async withChildren(
    manager: EntityManager,
    tenant: TenantContext,
    orders: SubcontractOrder[],
  ): Promise<SubcontractOrderModel[]> {
    const children = await childrenOf(
      manager,
      tenant,
      orders.map((order) => order.id),
    );
    return orders.map((order) => toSubcontractOrderModel(order, children.get(order.id)!));
  }
}
