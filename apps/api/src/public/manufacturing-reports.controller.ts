import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import {
  ByProductsReport,
  EfficiencyReport,
  JobCostingQuery,
  JobCostingReport,
  ManufacturingReportsService,
  ProductionCostReport,
  ReportQuery,
} from '@app/manufacturing';
import { cachedAnswer, PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams } from './items.dto';

/**
 * The manufacturing reports of the install's tenant (`manufacturingReport:read`), snake_case, query `from`, `to`,
 * `item_id`; cached for five minutes per tenant and query, `X-Cache: HIT|MISS`.
 */
@ApiTags('public manufacturing-reports')
@Controller('public/v1/orgs/:orgId/entities/:entityId/manufacturing-reports')
@PublicApi()
export class PublicManufacturingReportsController {
  constructor(private readonly reports: ManufacturingReportsService) {}

  @PublicAnswer('Job costing: per completed work order, the plan against the cost', JobCostingReport)
  @Get('job-costing')
  @Scopes('manufacturingReport:read')
  async jobCosting(
    @Tenant() tenant: TenantContext,
    @Param() _params: TenantParams,
    @Query() query: JobCostingQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.jobCosting(tenant, query));
  }

  @PublicAnswer('By-products and co-products: quantity, value and where they came from', ByProductsReport)
  @Get('by-products')
  @Scopes('manufacturingReport:read')
  async byProducts(
    @Tenant() tenant: TenantContext,
    @Param() _params: TenantParams,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.byProducts(tenant, query));
  }

  @PublicAnswer('Production cost analysis per produced item, against its standard cost', ProductionCostReport)
  @Get('production-cost-analysis')
  @Scopes('manufacturingReport:read')
  async productionCostAnalysis(
    @Tenant() tenant: TenantContext,
    @Param() _params: TenantParams,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.productionCostAnalysis(tenant, query));
  }

  @PublicAnswer('Efficiency per item and in total: yield, performance, punctuality, quality', EfficiencyReport)
  @Get('efficiency')
  @Scopes('manufacturingReport:read')
  async efficiency(
    @Tenant() tenant: TenantContext,
    @Param() _params: TenantParams,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.efficiency(tenant, query));
  }
}
