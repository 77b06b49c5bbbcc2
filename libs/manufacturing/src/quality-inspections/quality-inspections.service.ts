import { Injectable, OnModuleInit } from '@nestjs/common';
import { adjustmentReceivedItem, itemFacts } from '@app/inventory';
import {
  actorId,
  ApiError,
  findInTenant,
  nextDocumentNumber,
  Page,
  PageRequest,
  paginate,
  TenantContext,
  Transactions,
  UnitOfWork,
} from '@app/platform';
import { EventOutbox, type WebhookTopic } from '@app/webhooks';
import type { EntityManager } from 'typeorm';
import { statsCounts } from './inspection-queries';
import { InspectionReferences } from './inspection-references';
import { statsRange, statsRows } from './inspection-stats';
import {
  type InspectedParameter,
  type InspectionStatus,
  judgeReadings,
  type ParameterDefinition,
  parameterDefinitions,
  pendingParameters,
} from './inspection-verdicts';
import type { CompleteInspectionBody, CreateInspectionBody, InspectionStatsQuery } from './quality-inspection.dto';
import { type InspectionReferenceType, QualityInspection } from './quality-inspection.entities';
import { InspectionStats, QualityInspectionModel, toInspectionModel } from './quality-inspection.models';
import { QualityTemplatesService } from './quality-templates.service';

export interface InspectionFilter extends PageRequest {
  status?: InspectionStatus;
  itemId?: string;
  referenceId?: string;
}

/** What a production document hands over when it completes (or posts a receipt) for an item. */
export interface ProductionToInspect {
  referenceType: Extract<InspectionReferenceType, 'work_order' | 'subcontract_receipt'>;
  referenceId: string;
  itemId: string;
  /** The quantity produced or received: the sample size of the inspection. */
  quantity: string;
  /** The item's template parameters when the producer read them already (`templateParametersSql`); else read here. */
  templateParameters?: ParameterDefinition[] | null;
}

const INSPECTION_PREFIX = 'QI';

/**
 * Quality inspections: created by hand or by production (in the producing transaction), completed once with
 * readings judged against their parameters, and counted per period or item.
 */
@Injectable()
export class QualityInspectionsService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly references: InspectionReferences,
    private readonly templates: QualityTemplatesService,
  ) {}

  /** A `receipt` is a stock adjustment that received the item; inventory answers whether one did. */
  onModuleInit(): void {
    this.references.register('receipt', adjustmentReceivedItem);
  }

  async create(tenant: TenantContext, input: CreateInspectionBody): Promise<QualityInspectionModel> {
    return this.transactions.run((unitOfWork) => this.createWithin(unitOfWork, tenant, input));
  }

  /**
   * Creates a Pending inspection in the caller's unit of work. An unknown item, a reference that is not in the
   * tenant (or, for a receipt, did not receive the item), or no parameters and no template, is a `422`.
   */
  async createWithin(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    input: CreateInspectionBody,
  ): Promise<QualityInspectionModel> {
    const { manager } = unitOfWork;
    const given = input.parameters && parameterDefinitions(input.parameters);
    await itemFacts(manager, tenant, [input.itemId]);
    if (!(await this.references.exists(manager, tenant, input.referenceType, input.referenceId, input.itemId))) {
      throw ApiError.unprocessable(
        input.referenceType === 'receipt'
          ? 'No stock adjustment of this tenant received the item under that referenceId.'
          : `No ${input.referenceType} of this tenant has that referenceId.`,
      );
    }
    const parameters = given ?? (await this.templates.forItem(manager, tenant, input.itemId))?.parameters;
    if (!parameters) {
      throw ApiError.unprocessable('The item has no quality inspection template; send the parameters to inspect.');
    }
    return this.insert(unitOfWork, tenant, { ...input, parameters: pendingParameters(parameters) });
  }

  /**
   * The quality hook of production: a Pending inspection of the item from its template, in the producing unit of
   * work (so no finished lot commits uninspected), publishing `quality_inspection.created`; null when the item has
   * no template.
   */
  async inspectProduction(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    production: ProductionToInspect,
  ): Promise<QualityInspectionModel | null> {
    const parameters =
      production.templateParameters !== undefined
        ? production.templateParameters
        : (await this.templates.forItem(unitOfWork.manager, tenant, production.itemId))?.parameters;
    if (!parameters) return null;
    return this.insert(unitOfWork, tenant, {
      referenceType: production.referenceType,
      referenceId: production.referenceId,
      itemId: production.itemId,
      sampleSize: production.quantity,
      parameters: pendingParameters(parameters),
    });
  }

  async list(tenant: TenantContext, filter: InspectionFilter): Promise<Page<QualityInspectionModel>> {
    const query = this.transactions.reader
      .getRepository(QualityInspection)
      .createQueryBuilder('q')
      .where('q.org_id = :orgId AND q.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.status) query.andWhere('q.status = :status', { status: filter.status });
    if (filter.itemId) query.andWhere('q.item_id = :itemId', { itemId: filter.itemId });
    if (filter.referenceId) query.andWhere('q.reference_id = :referenceId', { referenceId: filter.referenceId });
    return (await paginate(query, filter)).map(toInspectionModel);
  }

  async get(tenant: TenantContext, id: string): Promise<QualityInspectionModel> {
    return toInspectionModel(await this.load(this.transactions.reader, tenant, id));
  }

  /**
   * Records the readings and the verdict. The readings are checked against the inspection's parameters first
   * (`400` naming the parameter); an inspection that is Passed or Failed already is final
   * (`409 invalid_state_transition` to the verdict these readings would give).
   */
  async complete(tenant: TenantContext, id: string, input: CompleteInspectionBody): Promise<QualityInspectionModel> {
    return this.transactions.run(async (unitOfWork) => {
      const { manager } = unitOfWork;
      const inspection = await this.load(manager, tenant, id, true);
      const verdict = judgeReadings(inspection.parameters, input.readings);
      if (inspection.status !== 'Pending') {
        throw ApiError.invalidTransition(
          inspection.status,
          verdict.status,
          `The inspection is ${inspection.status} already; a completed inspection is final.`,
        );
      }
      await manager.update(
        QualityInspection,
        { id, orgId: tenant.orgId, entityId: tenant.entityId },
        {
          status: verdict.status,
          parameters: verdict.parameters,
          inspectedBy: actorId(tenant),
          inspectedAt: () => 'clock_timestamp()',
          remarks: input.remarks ?? null,
          updatedAt: () => 'clock_timestamp()',
        },
      );
      return this.publish(unitOfWork, tenant, id, 'quality_inspection.completed');
    });
  }

  /** Counts per day, ISO week, month (UTC) or item of the inspections created in the range, with the pass rate. */
  async stats(tenant: TenantContext, query: InspectionStatsQuery): Promise<InspectionStats> {
    const range = statsRange(query, new Date());
    const groupBy = query.groupBy ?? 'day';
    const counts = await statsCounts(this.transactions.reader, tenant, range, groupBy);
    return Object.assign(new InspectionStats(), {
      from: range.from,
      to: range.to,
      groupBy,
      data: statsRows(counts, groupBy),
    });
  }

  private async insert(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    fields: Pick<QualityInspection, 'referenceType' | 'referenceId' | 'itemId' | 'sampleSize'> & {
      parameters: InspectedParameter[];
    },
  ): Promise<QualityInspectionModel> {
    const { manager } = unitOfWork;
    const number = await nextDocumentNumber(unitOfWork, tenant, INSPECTION_PREFIX);
    const inspection = await manager.save(
      manager.create(QualityInspection, {
        ...fields,
        orgId: tenant.orgId,
        entityId: tenant.entityId,
        number,
        status: 'Pending',
        inspectedBy: null,
        inspectedAt: null,
        remarks: null,
        createdBy: actorId(tenant),
      }),
    );
    return this.publish(unitOfWork, tenant, inspection.id, 'quality_inspection.created');
  }

  private async publish(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: string,
    type: WebhookTopic,
  ): Promise<QualityInspectionModel> {
    const model = toInspectionModel(await this.load(unitOfWork.manager, tenant, id));
    await this.outbox.publish(unitOfWork, {
      type,
      tenant: { orgId: tenant.orgId, entityId: tenant.entityId },
      data: model,
    });
    return model;
  }

  private load(manager: EntityManager, tenant: TenantContext, id: string, lock = false) {
    return findInTenant(manager, QualityInspection, tenant, id, 'quality inspection', lock);
  }
}
