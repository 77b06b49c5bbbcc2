import { Injectable } from '@nestjs/common';
import {
  actorId,
  findInTenant,
  Page,
  PageRequest,
  paginate,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { Brackets, EntityManager } from 'typeorm';
import { Item, ItemKind } from './inventory.entities';
import { ItemModel, toItemModel } from './inventory.models';

export interface ItemInput {
  sku: string;
  name: string;
  uom: string;
  kind: ItemKind;
  /** The opening valuation rate; stock receipts move it afterwards. */
  valuationRate?: string;
  isActive?: boolean;
}

export type ItemChanges = Partial<ItemInput>;

export interface ItemFilter extends PageRequest {
  kind?: ItemKind;
  /** Part of the SKU or the name, case-insensitive. */
  search?: string;
}

/** Items of a tenant; `sku` is unique in it (a taken one is a `409 conflict`). */
@Injectable()
export class ItemsService {
  constructor(private readonly transactions: Transactions) {}

  async create(tenant: TenantContext, input: ItemInput): Promise<ItemModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates the item in the caller's unit of work (the demo seed). */
  async createWithin(unitOfWork: UnitOfWork, tenant: TenantContext, input: ItemInput): Promise<ItemModel> {
    const { manager } = unitOfWork;
    const saved = await manager.save(
      manager.create(Item, {
        ...input,
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        valuationRate: input.valuationRate ?? '0',
        isActive: input.isActive ?? true,
        createdBy: actorId(tenant),
      }),
    );
    return toItemModel(await this.load(manager, tenant, saved.id));
  }

  async list(tenant: TenantContext, filter: ItemFilter): Promise<Page<ItemModel>> {
    const query = this.transactions.reader
      .getRepository(Item)
      .createQueryBuilder('i')
      .where('i.org_id = :orgId AND i.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.kind) query.andWhere('i.kind = :kind', { kind: filter.kind });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        new Brackets((w) => w.where('i.sku ILIKE :pattern', { pattern }).orWhere('i.name ILIKE :pattern')),
      );
    }
    return (await paginate(query, filter)).map(toItemModel);
  }

  async get(tenant: TenantContext, id: string): Promise<ItemModel> {
    return toItemModel(await this.load(this.transactions.reader, tenant, id));
  }

  async update(tenant: TenantContext, id: string, changes: ItemChanges): Promise<ItemModel> {
    return this.transactions.run(async ({ manager }) => {
      const item = await this.load(manager, tenant, id, true);
      await manager.update(
        Item,
        { id: item.id, orgId: tenant.orgId, entityId: tenant.entityId },
        { ...changes, updatedAt: () => 'clock_timestamp()' },
      );
      return toItemModel(await this.load(manager, tenant, id));
    });
  }

  private load(manager: EntityManager, tenant: TenantContext, id: string, lock = false): Promise<Item> {
    return findInTenant(manager, Item, tenant, id, 'item', lock);
  }
}
