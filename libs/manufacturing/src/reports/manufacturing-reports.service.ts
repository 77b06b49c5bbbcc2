import { Injectable } from '@nestjs/common';
import { Cached, pageFromRows, pageLimit, TenantCache, TenantContext, Transactions } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { BomService } from '../bom';
import { statsRange } from '../quality-inspections';
import type { JobCostingQuery, ReportQuery } from './report.dto';
import {
  ByProductRow,
  ByProductTotals,
  EfficiencyRow,
  EfficiencyTotals,
  JobCostingRow,
  JobCostingTotals,
  PagedReportAnswer,
  ProductionCostRow,
  ProductionCostTotals,
  ReportAnswer,
  ReportPeriod,
  toByProductRow,
  toByProductTotals,
  toEfficiencyRow,
  toEfficiencyTotals,
  toJobCostingRow,
  toJobCostingTotals,
  toProductionCostRow,
  toProductionCostTotals,
} from './report.models';
import {
  byProductSums,
  efficiencySums,
  JOB_COSTING_KEYSET,
  jobCostingSums,
  producedItemIds,
  productionCostSums,
  type ReportFilter,
} from './report-queries';

/** How long a report answer is served from the cache, unless a completion, receipt or cancellation drops it first. */
export const REPORT_CACHE_TTL_MS = 5 * 60 * 1000;

export type ReportName = 'job-costing' | 'by-products' | 'production-cost-analysis' | 'efficiency';

/** The rows of a report and, last, its totals row (`is_total`), as the report's SQL answers them. */
function splitTotals<T extends { is_total: boolean }>(rows: T[]): { rows: T[]; totals: T } {
  return { rows: rows.slice(0, -1), totals: rows[rows.length - 1] };
}

/**
 * The manufacturing reports (API.md §7): read-only aggregates over completed work orders and subcontract receipts,
 * one SQL statement each, cached per tenant and query for five minutes. Work orders and subcontracting drop a
 * tenant's entries after every commit that changes what the reports count.
 */
@Injectable()
export class ManufacturingReportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cache: TenantCache,
    private readonly boms: BomService,
  ) {}

  /** A page of completed work orders (completion order), with the totals of the whole range. */
  jobCosting(
    tenant: TenantContext,
    query: JobCostingQuery,
  ): Promise<Cached<PagedReportAnswer<JobCostingRow, JobCostingTotals>>> {
    const limit = pageLimit(query);
    const page = `${limit}:${query.cursor ?? 'first'}`;
    return this.report(tenant, 'job-costing', query, page, async (manager, filter) => {
      const { rows, totals } = splitTotals(
        await jobCostingSums(manager, tenant, filter, { rows: limit + 1, cursor: query.cursor }),
      );
      const { data, nextCursor } = pageFromRows(rows, JOB_COSTING_KEYSET, limit, toJobCostingRow);
      return { data, nextCursor, totals: toJobCostingTotals(totals) };
    });
  }

  byProducts(tenant: TenantContext, query: ReportQuery): Promise<Cached<ReportAnswer<ByProductRow, ByProductTotals>>> {
    return this.report(tenant, 'by-products', query, '', async (manager, filter) => {
      const { rows, totals } = splitTotals(await byProductSums(manager, tenant, filter));
      return { data: rows.map(toByProductRow), totals: toByProductTotals(totals) };
    });
  }

  productionCostAnalysis(
    tenant: TenantContext,
    query: ReportQuery,
  ): Promise<Cached<ReportAnswer<ProductionCostRow, ProductionCostTotals>>> {
    return this.report(tenant, 'production-cost-analysis', query, '', async (manager, filter) => {
      // Today's standard costs are rolled up while the aggregate runs; an item completed between the two reads has
      // no standard in this answer rather than a wrong one.
      const [sums, standards] = await Promise.all([
        productionCostSums(manager, tenant, filter),
        producedItemIds(manager, tenant, filter).then((itemIds) =>
          this.boms.standardUnitCosts(manager, tenant, itemIds),
        ),
      ]);
      const { rows, totals } = splitTotals(sums);
      return {
        data: rows.map((row) => toProductionCostRow(row, standards.get(row.item_id!) ?? null)),
        totals: toProductionCostTotals(totals),
      };
    });
  }

  efficiency(
    tenant: TenantContext,
    query: ReportQuery,
  ): Promise<Cached<ReportAnswer<EfficiencyRow, EfficiencyTotals>>> {
    return this.report(tenant, 'efficiency', query, '', async (manager, filter) => {
      const { rows, totals } = splitTotals(await efficiencySums(manager, tenant, filter));
      return { data: rows.map(toEfficiencyRow), totals: toEfficiencyTotals(totals) };
    });
  }

  /**
   * The range checked (a `400` before the cache is asked), then the cached answer or a fresh one. `page` tells pages
   * of one query apart in the cache.
   */
  private report<Row, Totals, Extra extends object>(
    tenant: TenantContext,
    name: ReportName,
    query: ReportQuery,
    page: string,
    compute: (manager: EntityManager, filter: ReportFilter) => Promise<{ data: Row[]; totals: Totals } & Extra>,
  ): Promise<Cached<ReportAnswer<Row, Totals> & Extra>> {
    const range = statsRange(query, new Date());
    const itemId = query.itemId ?? null;
    const key = `manufacturing-reports:${name}:${range.from}:${range.to}:${itemId ?? 'all'}:${page}`;
    return this.cache.getOrCompute(tenant, key, REPORT_CACHE_TTL_MS, async () => {
      const { data, totals, ...extra } = await compute(this.transactions.reader, {
        start: range.start,
        end: range.end,
        itemId,
      });
      return Object.assign(new ReportPeriod(), {
        from: range.from,
        to: range.to,
        generatedAt: new Date().toISOString(),
        data,
        ...extra,
        totals,
      }) as ReportAnswer<Row, Totals> & Extra;
    });
  }
}
