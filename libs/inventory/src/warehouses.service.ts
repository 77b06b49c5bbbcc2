import { Injectable } from '@nestjs/common';
import {
  actorId,
  ApiError,
  findInTenant,
  Page,
  PageRequest,
  paginate,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { Warehouse, WarehouseKind } from './inventory.entities';
import { toWarehouseModel, WarehouseModel } from './inventory.models';

export interface WarehouseInput {
  code: string;
  name: string;
  kind: WarehouseKind;
  /** The subcontractor that holds a `supplier` warehouse's stock; only for that kind. */
  supplierName?: string | null;
}

export type WarehouseChanges = Partial<WarehouseInput>;

export interface WarehouseFilter extends PageRequest {
  kind?: WarehouseKind;
}

function assertSupplierRule(kind: WarehouseKind, supplierName: string | null | undefined): void {
  if (kind === 'supplier' && !supplierName) {
    throw ApiError.unprocessable('A supplier warehouse needs the supplierName of the subcontractor that holds it.');
  }
  if (kind === 'internal' && supplierName) {
    throw ApiError.unprocessable('Only a supplier warehouse has a supplierName.');
  }
}

/** Warehouses of a tenant; `code` is unique in it. A `supplier` warehouse holds our materials at a subcontractor. */
@Injectable()
export class WarehousesService {
  constructor(private readonly transactions: Transactions) {}

  async create(tenant: TenantContext, input: WarehouseInput): Promise<WarehouseModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates the warehouse in the caller's unit of work (the demo seed). */
  async createWithin(unitOfWork: UnitOfWork, tenant: TenantContext, input: WarehouseInput): Promise<WarehouseModel> {
    const { manager } = unitOfWork;
    assertSupplierRule(input.kind, input.supplierName);
    const saved = await manager.save(
      manager.create(Warehouse, {
        ...input,
        supplierName: input.supplierName ?? null,
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        createdBy: actorId(tenant),
      }),
    );
    return toWarehouseModel(await this.load(manager, tenant, saved.id));
  }

  async list(tenant: TenantContext, filter: WarehouseFilter): Promise<Page<WarehouseModel>> {
    const query = this.transactions.reader
      .getRepository(Warehouse)
      .createQueryBuilder('w')
      .where('w.org_id = :orgId AND w.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.kind) query.andWhere('w.kind = :kind', { kind: filter.kind });
    return (await paginate(query, filter)).map(toWarehouseModel);
  }

  async get(tenant: TenantContext, id: string): Promise<WarehouseModel> {
    return toWarehouseModel(await this.load(this.transactions.reader, tenant, id));
  }

  async update(tenant: TenantContext, id: string, changes: WarehouseChanges): Promise<WarehouseModel> {
    return this.transactions.run(async ({ manager }) => {
      const current = await this.load(manager, tenant, id, true);
      const kind = changes.kind ?? current.kind;
      const supplierName =
        changes.supplierName !== undefined ? changes.supplierName : kind === 'internal' ? null : current.supplierName;
      assertSupplierRule(kind, supplierName);
      await manager.update(
        Warehouse,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        { ...changes, kind, supplierName, updatedAt: () => 'clock_timestamp()' },
      );
      return toWarehouseModel(await this.load(manager, tenant, id));
    });
  }

  private load(manager: EntityManager, tenant: TenantContext, id: string, lock = false): Promise<Warehouse> {
    return findInTenant(manager, Warehouse, tenant, id, 'warehouse', lock);
  }
}
