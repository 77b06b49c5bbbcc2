import { Injectable } from '@nestjs/common';
import { availableStock, ItemFacts, itemFacts, warehouseFacts } from '@app/inventory';
import {
  actorId,
  ApiError,
  Dec,
  findInTenant,
  formatMoney,
  formatQuantity,
  Page,
  PageRequest,
  sumDecimals,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { EventOutbox, type WebhookTopic } from '@app/webhooks';
import { EntityManager, In } from 'typeorm';
import {
  CostedBom,
  CostRollUp,
  exceedsNodeCap,
  formatCost,
  MAX_BOM_DEPTH,
  MAX_TREE_NODES,
  rollUpCost,
  shortageOf,
} from './bom-arithmetic';
import {
  closesCycle,
  explosionRows,
  explosionTotals,
  lockBomGraph,
  reachableBomIds,
  usedFurtherUp,
  whereUsedCount,
  whereUsedRows,
} from './bom-graph';
import { DocumentStatus } from '../document.entity';
import { bomReads } from './bom-queries';
import { Bom, BomByProduct, BomLine, BomOperation } from './bom.entities';
import type { BomByProductBody, BomLineBody, BomOperationBody, CreateBomBody, UpdateBomBody } from './bom.dto';
import { generatedCodePrefix, nextFreeCode } from '../document-codes';
import { assertVersion } from '../document-version';
import { deleteUnlessReferenced } from '../document-references';
import { childRowsByParent, nextRevision, replaceChildRows, transitionDocument } from '../document-rows';
import {
  BomCost,
  BomCostLine,
  BomExplosion,
  BomChildren,
  BomModel,
  ExplosionItem,
  ExplosionNode,
  toBomModel,
  WhereUsedEntry,
} from './bom.models';

export interface BomFilter extends PageRequest {
  itemId?: string;
  status?: DocumentStatus;
}

/**
 * Bills of materials: CRUD with lines, operations and by-products, archive/restore, the multi-level explosion,
 * where-used and the cost roll-up. Every write runs in one transaction under the tenant's BOM-graph lock, checks
 * that the BOM does not contain itself, and publishes its `bom.*` event through the outbox in that transaction.
 */
@Injectable()
export class BomService {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
  ) {}

  async create(tenant: TenantContext, input: CreateBomBody): Promise<BomModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates the BOM in the caller's unit of work (the demo seed). */
  async createWithin(unitOfWork: UnitOfWork, tenant: TenantContext, input: CreateBomBody): Promise<BomModel> {
    const { manager } = unitOfWork;
    await lockBomGraph(manager, tenant);
    const items = await itemFacts(manager, tenant, [
      input.itemId,
      ...input.lines.map((line) => line.itemId),
      ...(input.byProducts ?? []).map((byProduct) => byProduct.itemId),
    ]);
    this.assertByProductRules(input.itemId, input.byProducts ?? []);
    const bom = await manager.save(
      manager.create(Bom, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        itemId: input.itemId,
        code:
          input.code ??
          (await nextFreeCode(manager, tenant, 'boms', generatedCodePrefix('BOM', items.get(input.itemId)!.sku))),
        quantity: input.quantity ?? '1',
        uom: input.uom ?? items.get(input.itemId)!.uom,
        isDefault: input.isDefault ?? false,
        status: 'active',
        version: 1,
        createdBy: actorId(tenant),
        updatedBy: actorId(tenant),
      }),
    );
    await this.writeChildren(manager, tenant, bom.id, items, input);
    await this.assertNoCycle(manager, tenant, bom.id);
    return this.publish(unitOfWork, tenant, bom.id, 'bom.created');
  }

  async list(tenant: TenantContext, filter: BomFilter): Promise<Page<BomModel>> {
    return bomReads.page(this.transactions.reader, tenant, filter);
  }

  async get(tenant: TenantContext, id: string): Promise<BomModel> {
    return bomReads.one(this.transactions.reader, tenant, id);
  }

  /**
   * The BOM a production document (work order, subcontract order) of `itemId` follows: the given one, or the item's
   * active default. None, an archived one, or one of another item is a `422 unprocessable`; an unknown id a `404`.
   * Read with the caller's manager, so a document's transaction sees the BOM it commits against.
   */
  async forProduction(
    manager: EntityManager,
    tenant: TenantContext,
    itemId: string,
    bomId: string | undefined,
  ): Promise<BomModel> {
    const bom = bomId
      ? await this.load(manager, tenant, bomId)
      : await manager.findOneBy(Bom, {
          orgId: tenant.orgId,
          entityId: tenant.entityId,
          itemId,
          isDefault: true,
          status: 'active',
        });
    if (!bom) throw ApiError.unprocessable('The item has no active default BOM; name a bomId.');
    if (bom.itemId !== itemId) throw ApiError.unprocessable('The BOM makes another item than the one ordered.');
    if (bom.status !== 'active') throw ApiError.unprocessable('The BOM is archived; restore it or name another.');
    const [model] = await this.withChildren(manager, tenant, [bom]);
    return model;
  }

  /** Applies a change made against `version`; the lists it carries replace the stored ones. */
  async update(tenant: TenantContext, id: string, input: UpdateBomBody): Promise<BomModel> {
    return this.transactions.run(async (unitOfWork) => {
      const { manager } = unitOfWork;
      await lockBomGraph(manager, tenant);
      const bom = await this.load(manager, tenant, id, true);
      assertVersion('BOM', bom.version, input.version);
      const items = await itemFacts(manager, tenant, [
        ...(input.lines ?? []).map((line) => line.itemId),
        ...(input.byProducts ?? []).map((byProduct) => byProduct.itemId),
      ]);
      if (input.byProducts) this.assertByProductRules(bom.itemId, input.byProducts);
      await manager.update(
        Bom,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          ...(input.code !== undefined && { code: input.code }),
          ...(input.quantity !== undefined && { quantity: input.quantity }),
          ...(input.uom !== undefined && { uom: input.uom }),
          ...(input.isDefault !== undefined && { isDefault: input.isDefault }),
          ...nextRevision(bom, tenant),
        },
      );
      await this.writeChildren(manager, tenant, id, items, input);
      await this.assertNoCycle(manager, tenant, id);
      return this.publish(unitOfWork, tenant, id, 'bom.updated');
    });
  }

  /** An archived BOM stays readable but no longer explodes, and no new work may use it. */
  async archive(tenant: TenantContext, id: string): Promise<BomModel> {
    return this.transition(tenant, id, 'active', 'archived', 'bom.archived');
  }

  /** Back to active: checked again for cycles and for a second active default of the item (`409`). */
  async restore(tenant: TenantContext, id: string): Promise<BomModel> {
    return this.transition(tenant, id, 'archived', 'active', 'bom.restored');
  }

  /** Deletes a BOM with its lines; one that a work order (or another document) follows is a `422`: archive it. */
  async delete(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      await lockBomGraph(manager, tenant);
      await this.load(manager, tenant, id, true);
      await deleteUnlessReferenced('BOM', () =>
        manager.delete(Bom, { id, orgId: tenant.orgId, entityId: tenant.entityId }),
      );
    });
  }

  /**
   * Multi-level material requirements for `quantity` units (the BOM's own batch when absent): the items aggregated
   * per item in SQL, and the tree of every node unless `tree` is false or it would exceed the node cap.
   */
  async explode(
    tenant: TenantContext,
    id: string,
    options: { quantity?: string; warehouseId?: string; tree?: boolean },
  ): Promise<BomExplosion> {
    const manager = this.transactions.reader;
    const bom = await this.load(manager, tenant, id);
    if (options.warehouseId) {
      await warehouseFacts(manager, tenant, [options.warehouseId], () => ApiError.notFound('warehouse'));
    }
    const quantity = options.quantity ?? bom.quantity;
    const totals = await explosionTotals(manager, tenant, id, quantity);
    // A node at the depth bound that still has a BOM was not exploded: its materials would be missing from `items`.
    if (totals.tooDeep) {
      throw ApiError.unprocessable(
        `The BOM goes deeper than ${MAX_BOM_DEPTH} levels, the most an explosion follows; it cannot be exploded in full.`,
      );
    }
    const withTree = options.tree ?? true;
    if (withTree && exceedsNodeCap(totals.nodes)) {
      throw ApiError.unprocessable(
        `The explosion tree would hold ${totals.nodes} nodes, more than the ${MAX_TREE_NODES} a response lists; ask with tree=false for the aggregated items alone.`,
      );
    }
    const availability = options.warehouseId
      ? await availableStock(
          manager,
          tenant,
          options.warehouseId,
          totals.leaves.map((leaf) => leaf.itemId),
        )
      : undefined;
    const explosion = Object.assign(new BomExplosion(), {
      bomId: bom.id,
      itemId: bom.itemId,
      quantity: formatQuantity(quantity),
      items: totals.leaves.map((leaf) => {
        const item = Object.assign(new ExplosionItem(), {
          itemId: leaf.itemId,
          quantity: formatQuantity(leaf.quantity),
        });
        if (!availability) return item;
        const available = availability.get(leaf.itemId) ?? new Dec(0);
        return Object.assign(item, {
          available: formatQuantity(available),
          shortage: formatQuantity(shortageOf(leaf.quantity, available)),
        });
      }),
    });
    if (!withTree) return explosion;
    const rows = await explosionRows(manager, tenant, id, quantity);
    return Object.assign(explosion, {
      tree: rows.map((row) =>
        Object.assign(new ExplosionNode(), {
          level: row.level,
          itemId: row.item_id,
          bomId: row.bom_id,
          quantity: formatQuantity(row.quantity),
          path: row.path,
        }),
      ),
    });
  }

  /** The active BOMs that use an item, directly and (when `recursive`) through sub-assemblies; capped like a tree. */
  async whereUsed(tenant: TenantContext, itemId: string, recursive: boolean): Promise<{ data: WhereUsedEntry[] }> {
    const manager = this.transactions.reader;
    await itemFacts(manager, tenant, [itemId], () => ApiError.notFound('item'));
    const count = await whereUsedCount(manager, tenant, itemId, recursive);
    if (exceedsNodeCap(count)) {
      throw ApiError.unprocessable(
        `The where-used answer would hold ${count} paths, more than the ${MAX_TREE_NODES} a response lists; ask with recursive=false for the direct users, then walk up from them.`,
      );
    }
    const rows = await whereUsedRows(manager, tenant, itemId, recursive);
    const atBound = rows.filter((row) => row.level >= MAX_BOM_DEPTH).map((row) => row.bom_id);
    if (atBound.length && (await usedFurtherUp(manager, tenant, atBound))) {
      throw ApiError.unprocessable(
        `The item is used more than ${MAX_BOM_DEPTH} levels up, the most a where-used walk follows; the list would be incomplete.`,
      );
    }
    return {
      data: rows.map((row) =>
        Object.assign(new WhereUsedEntry(), {
          bomId: row.bom_id,
          itemId: row.item_id,
          level: row.level,
          path: row.path,
        }),
      ),
    };
  }

  /** The standard cost of the BOM's item, sub-assemblies rolled up from their default BOMs. */
  async cost(tenant: TenantContext, id: string): Promise<BomCost> {
    const manager = this.transactions.reader;
    const root = await this.load(manager, tenant, id);
    const { rollUpOf } = await this.costing(manager, tenant, { bomIds: [id] });
    const formatted = formatCost(rollUpOf(id));
    return Object.assign(new BomCost(), {
      bomId: root.id,
      itemId: root.itemId,
      quantity: formatQuantity(root.quantity),
      ...formatted,
      lines: formatted.lines.map((line) => Object.assign(new BomCostLine(), line)),
    });
  }

  /**
   * Today's standard unit cost of each item that has an active default BOM (the `unitCost` of `cost`), all in the
   * same few round trips however many items are asked for; items without one are absent from the map.
   */
  async standardUnitCosts(
    manager: EntityManager,
    tenant: TenantContext,
    itemIds: string[],
  ): Promise<Map<string, string>> {
    if (!itemIds.length) return new Map();
    const { defaultByItem, rollUpOf } = await this.costing(manager, tenant, { defaultOfItems: itemIds });
    return new Map(
      itemIds
        .filter((itemId) => defaultByItem.has(itemId))
        .map((itemId) => [itemId, formatMoney(rollUpOf(defaultByItem.get(itemId)!.id).unitCost)]),
    );
  }

  /** The BOMs the roots reach, their children and their components' rates, and a memoised roll-up over them. */
  private async costing(
    manager: EntityManager,
    tenant: TenantContext,
    roots: { bomIds?: string[]; defaultOfItems?: string[] },
  ): Promise<{ defaultByItem: Map<string, CostedBom>; rollUpOf: (bomId: string) => CostRollUp }> {
    const bomIds = await reachableBomIds(manager, tenant, roots);
    // Side by side: on the reader each read takes a pooled connection (in a transaction the driver queues them).
    const [boms, children] = await Promise.all([
      manager.findBy(Bom, { orgId: tenant.orgId, entityId: tenant.entityId, id: In(bomIds) }),
      this.childrenOf(manager, tenant, bomIds),
    ]);
    const costed = new Map<string, CostedBom>(
      boms.map((bom) => [
        bom.id,
        { ...bom, ...(children.get(bom.id) ?? { lines: [], operations: [], byProducts: [] }) },
      ]),
    );
    // Every BOM the walk reached below a root is its item's active default; a root given by id may be neither.
    const defaultByItem = new Map(
      boms.filter((bom) => bom.isDefault && bom.status === 'active').map((bom) => [bom.itemId, costed.get(bom.id)!]),
    );
    const lineItems = [...costed.values()].flatMap((bom) => bom.lines.map((line) => line.itemId));
    const rates = await itemFacts(manager, tenant, lineItems);
    const memo = new Map<string, CostRollUp>();
    const rollUpOf = (bomId: string) =>
      rollUpCost(
        costed.get(bomId)!,
        (itemId) => defaultByItem.get(itemId),
        (itemId) => rates.get(itemId)!.valuationRate,
        memo,
      );
    return { defaultByItem, rollUpOf };
  }

  private async transition(
    tenant: TenantContext,
    id: string,
    from: DocumentStatus,
    to: DocumentStatus,
    event: WebhookTopic,
  ): Promise<BomModel> {
    return this.transactions.run(async (unitOfWork) => {
      const { manager } = unitOfWork;
      await lockBomGraph(manager, tenant);
      const bom = await this.load(manager, tenant, id, true);
      await transitionDocument(manager, Bom, tenant, bom, { from, to, what: 'BOM' });
      if (to === 'active') await this.assertNoCycle(manager, tenant, id);
      return this.publish(unitOfWork, tenant, id, event);
    });
  }

  private async publish(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    type: WebhookTopic,
  ): Promise<BomModel> {
    const { manager } = unitOfWork;
    const model = await bomReads.one(manager, tenant, id);
    await this.outbox.publish(unitOfWork, {
      type,
      tenant: { orgId: tenant.orgId, entityId: tenant.entityId },
      data: model,
    });
    return model;
  }

  private async assertNoCycle(manager: EntityManager, tenant: TenantContext, id: string): Promise<void> {
    if (await closesCycle(manager, tenant, id)) {
      throw ApiError.unprocessable('The change would make a BOM contain its own item at some depth (a BOM cycle).');
    }
  }

  /** By-products: never the BOM's own item, cost shares summing to at most 100. */
  private assertByProductRules(itemId: string, byProducts: BomByProductBody[]): void {
    if (byProducts.some((byProduct) => byProduct.itemId === itemId)) {
      throw ApiError.unprocessable("A by-product cannot be the BOM's own item.");
    }
    const shares = sumDecimals(byProducts.map((byProduct) => byProduct.costSharePercent ?? '0'));
    if (shares.gt(100)) {
      throw ApiError.unprocessable('The cost shares of the by-products add up to more than 100 %.', {
        costSharePercent: formatMoney(shares),
      });
    }
  }

  /** Replaces the child lists the input carries. */
  private async writeChildren(
    manager: EntityManager,
    tenant: TenantContext,
    bomId: string,
    items: Map<string, ItemFacts>,
    input: { lines?: BomLineBody[]; operations?: BomOperationBody[]; byProducts?: BomByProductBody[] },
  ): Promise<void> {
    const owner = { orgId: tenant.orgId, entityId: tenant.entityId, bomId };
    await replaceChildRows(
      manager,
      BomLine,
      owner,
      input.lines?.map((line) => ({
        itemId: line.itemId,
        quantity: line.quantity,
        uom: line.uom ?? items.get(line.itemId)!.uom,
        scrapPercent: line.scrapPercent ?? '0',
        rate: line.rate ?? items.get(line.itemId)!.valuationRate,
      })),
    );
    await replaceChildRows(
      manager,
      BomOperation,
      owner,
      input.operations?.map((operation) => ({
        name: operation.name,
        workstation: operation.workstation ?? null,
        minutes: operation.minutes,
        hourlyRate: operation.hourlyRate ?? '0',
      })),
    );
    await replaceChildRows(
      manager,
      BomByProduct,
      owner,
      input.byProducts?.map((byProduct) => ({
        itemId: byProduct.itemId,
        quantity: byProduct.quantity,
        costSharePercent: byProduct.costSharePercent ?? '0',
      })),
    );
  }

  private async withChildren(manager: EntityManager, tenant: TenantContext, boms: Bom[]): Promise<BomModel[]> {
    const children = await this.childrenOf(
      manager,
      tenant,
      boms.map((bom) => bom.id),
    );
    return boms.map((bom) => toBomModel(bom, children.get(bom.id)!));
  }

  private childrenOf(
    manager: EntityManager,
    tenant: TenantContext,
    bomIds: string[],
  ): Promise<Map<string, BomChildren>> {
    return childRowsByParent<BomChildren>(manager, tenant, 'bomId', bomIds, {
      lines: BomLine,
      operations: BomOperation,
      byProducts: BomByProduct,
    });
  }

  private load(manager: EntityManager, tenant: TenantContext, id: string, lock = false): Promise<Bom> {
    return findInTenant(manager, Bom, tenant, id, 'BOM', lock);
  }
}
