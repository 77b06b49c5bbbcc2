import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  CompleteInspectionBody,
  CreateInspectionBody,
  CreateTemplateBody,
  InspectionListQuery,
  InspectionStats,
  InspectionStatsQuery,
  QualityInspectionModel,
  QualityInspectionTemplateModel,
  QualityInspectionsService,
  QualityTemplatesService,
  TemplateListQuery,
  UpdateTemplateBody,
} from '@app/manufacturing';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { IdParams } from './items.dto';

/** Quality inspections and their templates; `templates` and `stats` are declared before `:id`, which they are not. */
@ApiTags('quality-inspections')
@Controller('quality-inspections')
@InternalApi()
export class QualityInspectionsController {
  constructor(
    private readonly inspections: QualityInspectionsService,
    private readonly templates: QualityTemplatesService,
  ) {}

  /** One template per item (a second is a `409 conflict`); parameters are validated by kind. */
  @InternalAnswer('Create a quality inspection template', QualityInspectionTemplateModel, { errors: [409, 422] })
  @Post('templates')
  createTemplate(@Tenant() tenant: TenantContext, @Body() body: CreateTemplateBody) {
    return this.templates.create(tenant, body);
  }

  @InternalAnswer('List quality inspection templates', [QualityInspectionTemplateModel])
  @Get('templates')
  listTemplates(@Tenant() tenant: TenantContext, @Query() query: TemplateListQuery) {
    return this.templates.list(tenant, query);
  }

  @InternalAnswer('Get a quality inspection template', QualityInspectionTemplateModel)
  @Get('templates/:id')
  getTemplate(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.templates.get(tenant, id);
  }

  /** Replaces the parameters (needs the `version` read); existing inspections keep theirs. */
  @InternalAnswer('Update a quality inspection template', QualityInspectionTemplateModel, { errors: [409] })
  @Patch('templates/:id')
  updateTemplate(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: UpdateTemplateBody) {
    return this.templates.update(tenant, id, body);
  }

  @InternalAnswer('Delete a quality inspection template', null)
  @Delete('templates/:id')
  @HttpCode(204)
  async deleteTemplate(@Tenant() tenant: TenantContext, @Param() { id }: IdParams): Promise<void> {
    await this.templates.delete(tenant, id);
  }

  /**
   * Counts of the inspections created from `from` to `to` (UTC days, inclusive; default the last 30 days), per
   * `day`, ISO `week`, `month` or `item`, grouped on `created_at` in one SQL aggregate over the
   * (org, entity, created_at) index. `passRate` = passed / (passed + failed) × 100 as a decimal string rounded
   * half-up to 4 places, null when none is completed; groups without inspections are left out.
   */
  @InternalAnswer('Quality inspection statistics', InspectionStats)
  @Get('stats')
  stats(@Tenant() tenant: TenantContext, @Query() query: InspectionStatsQuery) {
    return this.inspections.stats(tenant, query);
  }

  /** A Pending inspection; the reference must exist in the tenant, and the item's template applies without `parameters`. */
  @InternalAnswer('Create a quality inspection', QualityInspectionModel, { errors: [422] })
  @Post()
  create(@Tenant() tenant: TenantContext, @Body() body: CreateInspectionBody) {
    return this.inspections.create(tenant, body);
  }

  @InternalAnswer('List quality inspections', [QualityInspectionModel])
  @Get()
  list(@Tenant() tenant: TenantContext, @Query() query: InspectionListQuery) {
    return this.inspections.list(tenant, query);
  }

  @InternalAnswer('Get a quality inspection', QualityInspectionModel)
  @Get(':id')
  get(@Tenant() tenant: TenantContext, @Param() { id }: IdParams) {
    return this.inspections.get(tenant, id);
  }

  /** Readings for every parameter give `Passed` or `Failed`; a completed inspection is final (`409`). */
  @InternalAnswer('Complete a quality inspection', QualityInspectionModel, { errors: [409] })
  @Post(':id/complete')
  @HttpCode(200)
  complete(@Tenant() tenant: TenantContext, @Param() { id }: IdParams, @Body() body: CompleteInspectionBody) {
    return this.inspections.complete(tenant, id, body);
  }
}
