import { Injectable } from '@nestjs/common';
import { itemFacts } from '@app/inventory';
import {
  actorId,
  ApiError,
  findInTenant,
  Page,
  PageRequest,
  paginate,
  preparedQuery,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { assertVersion } from '../document-version';
import { parameterDefinitions } from './inspection-verdicts';
import type { CreateTemplateBody, UpdateTemplateBody } from './quality-inspection.dto';
import { QualityInspectionTemplate } from './quality-inspection.entities';
import { QualityInspectionTemplateModel, toTemplateModel } from './quality-inspection.models';

export interface TemplateFilter extends PageRequest {
  itemId?: string;
}

/** Quality inspection templates: the parameters an item is inspected for, one template per item. */
@Injectable()
export class QualityTemplatesService {
  constructor(private readonly transactions: Transactions) {}

  /** A second template for the same item is a `409 conflict`; an unknown item a `422`. */
  async create(tenant: TenantContext, input: CreateTemplateBody): Promise<QualityInspectionTemplateModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /** Creates the template in the caller's unit of work (the demo seed). */
  async createWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    input: CreateTemplateBody,
  ): Promise<QualityInspectionTemplateModel> {
    const { manager } = unitOfWork;
    const parameters = parameterDefinitions(input.parameters);
    await itemFacts(manager, tenant, [input.itemId]);
    const existing = await this.forItem(manager, tenant, input.itemId);
    if (existing) {
      throw ApiError.conflict('The item has a quality inspection template already; change that one.', {
        templateId: existing.id,
      });
    }
    // A parallel create for the same item loses on the unique index: a `409 conflict` too.
    const template = await manager.save(
      manager.create(QualityInspectionTemplate, {
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        itemId: input.itemId,
        parameters,
        version: 1,
        createdBy: actorId(tenant),
        updatedBy: actorId(tenant),
      }),
    );
    return toTemplateModel(await this.load(manager, tenant, template.id));
  }

  async list(tenant: TenantContext, filter: TemplateFilter): Promise<Page<QualityInspectionTemplateModel>> {
    const query = this.transactions.reader
      .getRepository(QualityInspectionTemplate)
      .createQueryBuilder('t')
      .where('t.org_id = :orgId AND t.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.itemId) query.andWhere('t.item_id = :itemId', { itemId: filter.itemId });
    return (await paginate(query, filter)).map(toTemplateModel);
  }

  async get(tenant: TenantContext, id: string): Promise<QualityInspectionTemplateModel> {
    return toTemplateModel(await this.load(this.transactions.reader, tenant, id));
  }

  /** Replaces the parameters, against `version`; inspections created before keep the parameters they were made with. */
  async update(tenant: TenantContext, id: string, input: UpdateTemplateBody): Promise<QualityInspectionTemplateModel> {
    const parameters = parameterDefinitions(input.parameters);
    return this.transactions.run(async ({ manager }) => {
      const template = await this.load(manager, tenant, id, true);
      assertVersion('template', template.version, input.version);
      await manager.update(
        QualityInspectionTemplate,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          parameters,
          version: template.version + 1,
          updatedBy: actorId(tenant),
          updatedAt: () => 'clock_timestamp()',
        },
      );
      return toTemplateModel(await this.load(manager, tenant, id));
    });
  }

  /** Later production of the item is no longer inspected; existing inspections stay as they are. */
  async delete(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      await this.load(manager, tenant, id, true);
      await manager.delete(QualityInspectionTemplate, { id, orgId: tenant.orgId, entityId: tenant.entityId });
    });
  }

  /** The item's template, read with the caller's manager; null when it has none. */
  async forItem(
    manager: EntityManager,
    tenant: TenantContext,
    itemId: string,
  ): Promise<QualityInspectionTemplate | null> {
    // Prepared: every work-order completion and subcontract receipt asks this of its item.
    const [template] = await preparedQuery<QualityInspectionTemplate>(
      manager,
      'quality-template-for-item',
      `SELECT id, org_id AS "orgId", entity_id AS "entityId", item_id AS "itemId", parameters, version,
              created_by AS "createdBy", updated_by AS "updatedBy", created_at AS "createdAt", updated_at AS "updatedAt"
       FROM quality_inspection_templates
       WHERE org_id = $1 AND entity_id = $2 AND item_id = $3`,
      [tenant.orgId, tenant.entityId, itemId],
    );
    return template ?? null;
  }

  private load(manager: EntityManager, tenant: TenantContext, id: string, lock = false) {
    return findInTenant(manager, QualityInspectionTemplate, tenant, id, 'quality inspection template', lock);
  }
}
