import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InternalApi, Tenant } from '@app/auth';
import {
  ByProductsReport,
  EfficiencyReport,
  JobCostingQuery,
  JobCostingReport,
  ManufacturingReportsService,
  ProductionCostReport,
  ReportQuery,
} from '@app/manufacturing';
import { cachedAnswer, InternalAnswer, type TenantContext } from '@app/platform';

/**
 * The manufacturing reports (read only, any member of the entity, viewers included): `{ from, to, generatedAt, data,
 * totals }`, cached for five minutes per tenant and query, `X-Cache: HIT|MISS`.
 */
@ApiTags('manufacturing-reports')
@Controller('manufacturing-reports')
@InternalApi()
export class ManufacturingReportsController {
  constructor(private readonly reports: ManufacturingReportsService) {}

  /** Per completed work order, paged (`limit`, `cursor`): the plan scaled to the produced quantity against the cost. */
  @InternalAnswer('Job costing: per completed work order, the plan against the cost', JobCostingReport)
  @Get('job-costing')
  async jobCosting(
    @Tenant() tenant: TenantContext,
    @Query() query: JobCostingQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.jobCosting(tenant, query));
  }

  /** Per by- or co-product: quantity, value, work orders and the finished items it came from. */
  @InternalAnswer('By-products and co-products: quantity, value and where they came from', ByProductsReport)
  @Get('by-products')
  async byProducts(
    @Tenant() tenant: TenantContext,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.byProducts(tenant, query));
  }

  /** Per produced item (work orders and subcontract receipts): costs, unit cost spread, and today's standard. */
  @InternalAnswer('Production cost analysis per produced item, against its standard cost', ProductionCostReport)
  @Get('production-cost-analysis')
  async productionCostAnalysis(
    @Tenant() tenant: TenantContext,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.productionCostAnalysis(tenant, query));
  }

  /** Per item and in total: yield, performance against planned minutes, punctuality and quality pass rate. */
  @InternalAnswer('Efficiency per item and in total: yield, performance, punctuality, quality', EfficiencyReport)
  @Get('efficiency')
  async efficiency(
    @Tenant() tenant: TenantContext,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ) {
    return cachedAnswer(response, await this.reports.efficiency(tenant, query));
  }
}
