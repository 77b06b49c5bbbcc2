import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError, Page, PageRequest, paginate, TenantContext } from '@app/platform';
import { Brackets, DataSource, EntityManager } from 'typeorm';
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

function actorId(tenant: TenantContext): string | null {
  return tenant.actor.kind === 'user' ? tenant.actor.userId : null;
}

/** Items of a tenant; `sku` is unique in it (a taken one is a `409 conflict`). */
@Injectable()
export class ItemsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(tenant: TenantContext, input: ItemInput, manager = this.dataSource.manager): Promise<ItemModel> {
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
    const query = this.dataSource
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
    return toItemModel(await this.load(this.dataSource.manager, tenant, id));
  }

  async update(tenant: TenantContext, id: string, changes: ItemChanges): Promise<ItemModel> {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.load(manager, tenant, id, true);
      await manager.update(
        Item,
        { id: item.id, orgId: tenant.orgId, entityId: tenant.entityId },
        { ...changes, updatedAt: () => 'clock_timestamp()' },
      );
      return toItemModel(await this.load(manager, tenant, id));
    });
  }

  private async load(manager: EntityManager, tenant: TenantContext, id: string, lock = false): Promise<Item> {
    const query = manager
      .getRepository(Item)
      .createQueryBuilder('i')
      .where('i.id = :id AND i.org_id = :orgId AND i.entity_id = :entityId', {
        id,
        orgId: tenant.orgId,
        entityId: tenant.entityId,
      });
    if (lock) query.setLock('pessimistic_write');
    const item = await query.getOne();
    if (!item) throw ApiError.notFound('item');
    return item;
  }
}
