import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
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
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams, TenantResourceParams } from './items.dto';

/** Quality inspections of the install's tenant; `complete` needs `qualityInspection:update`. */
@ApiTags('public quality-inspections')
@Controller('public/v1/orgs/:orgId/entities/:entityId/quality-inspections')
@PublicApi()
export class PublicQualityInspectionsController {
  constructor(
    private readonly inspections: QualityInspectionsService,
    private readonly templates: QualityTemplatesService,
  ) {}

  @PublicAnswer('Create a quality inspection template', QualityInspectionTemplateModel, { errors: [409, 422] })
  @Post('templates')
  @Scopes('qualityInspection:create')
  createTemplate(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateTemplateBody) {
    return this.templates.create(tenant, body);
  }

  @PublicAnswer('List quality inspection templates', [QualityInspectionTemplateModel])
  @Get('templates')
  @Scopes('qualityInspection:read')
  listTemplates(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: TemplateListQuery) {
    return this.templates.list(tenant, query);
  }

  @PublicAnswer('Get a quality inspection template', QualityInspectionTemplateModel)
  @Get('templates/:id')
  @Scopes('qualityInspection:read')
  getTemplate(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.templates.get(tenant, id);
  }

  @PublicAnswer('Update a quality inspection template', QualityInspectionTemplateModel, { errors: [409] })
  @Patch('templates/:id')
  @Scopes('qualityInspection:update')
  updateTemplate(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: UpdateTemplateBody,
  ) {
    return this.templates.update(tenant, id, body);
  }

  @PublicAnswer('Delete a quality inspection template', null)
  @Delete('templates/:id')
  @Scopes('qualityInspection:delete')
  @HttpCode(204)
  async deleteTemplate(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams): Promise<void> {
    await this.templates.delete(tenant, id);
  }

  /**
   * Counts of the inspections created from `from` to `to` (UTC days, inclusive; default the last 30 days), per
   * `day`, ISO `week`, `month` or `item` (`group_by`), grouped on `created_at` in one SQL aggregate over the
   * (org, entity, created_at) index. `pass_rate` = passed / (passed + failed) × 100 as a decimal string rounded
   * half-up to 4 places, null when none is completed; groups without inspections are left out.
   */
  @PublicAnswer('Quality inspection statistics', InspectionStats)
  @Get('stats')
  @Scopes('qualityInspection:read')
  stats(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: InspectionStatsQuery) {
    return this.inspections.stats(tenant, query);
  }

  @PublicAnswer('Create a quality inspection', QualityInspectionModel, { errors: [422] })
  @Post()
  @Scopes('qualityInspection:create')
  create(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Body() body: CreateInspectionBody) {
    return this.inspections.create(tenant, body);
  }

  @PublicAnswer('List quality inspections', [QualityInspectionModel])
  @Get()
  @Scopes('qualityInspection:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: InspectionListQuery) {
    return this.inspections.list(tenant, query);
  }

  @PublicAnswer('Get a quality inspection', QualityInspectionModel)
  @Get(':id')
  @Scopes('qualityInspection:read')
  get(@Tenant() tenant: TenantContext, @Param() { id }: TenantResourceParams) {
    return this.inspections.get(tenant, id);
  }

  @PublicAnswer('Complete a quality inspection', QualityInspectionModel, { errors: [409] })
  @Post(':id/complete')
  @Scopes('qualityInspection:update')
  @HttpCode(200)
  complete(
    @Tenant() tenant: TenantContext,
    @Param() { id }: TenantResourceParams,
    @Body() body: CompleteInspectionBody,
  ) {
    return this.inspections.complete(tenant, id, body);
  }
}
