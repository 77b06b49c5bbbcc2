import { Injectable } from '@nestjs/common';
import {
  actorId,
  ApiError,
  createdKeyset,
  Dec,
  KeysetColumn,
  keysetAfter,
  keysetOrder,
  keysetSelect,
  Page,
  pageFromRows,
  pageLimit,
  PageRequest,
  paginate,
  TenantContext,
  Transactions,
} from '@app/platform';
import { StockAdjustment, StockLedgerEntry } from './inventory.entities';
import {
  StockAdjustmentModel,
  StockBalanceModel,
  StockBalanceRow,
  StockLedgerEntryModel,
  toStockBalanceModel,
  toStockLedgerEntryModel,
} from './inventory.models';
import { StockMovements } from './stock-movements';

export interface BalanceFilter extends PageRequest {
  itemId?: string;
  warehouseId?: string;
}

export interface LedgerFilter extends PageRequest {
  itemId?: string;
  warehouseId?: string;
  referenceType?: string;
  referenceId?: string;
}

export interface AdjustmentInput {
  warehouseId: string;
  reason: string;
  lines: { itemId: string; quantity: string; rate?: string }[];
}

export const ADJUSTMENT_REFERENCE = 'adjustment';

const BALANCE_KEYSET: KeysetColumn[] = [
  { expression: 'b.item_id', type: 'uuid' },
  { expression: 'b.warehouse_id', type: 'uuid' },
];

/** Reading stock (balances, the ledger) and correcting it by hand (adjustments). */
@Injectable()
export class StockService {
  constructor(
    private readonly transactions: Transactions,
    private readonly movements: StockMovements,
  ) {}

  async balances(tenant: TenantContext, filter: BalanceFilter): Promise<Page<StockBalanceModel>> {
    const limit = pageLimit(filter);
    const after = keysetAfter(BALANCE_KEYSET, filter.cursor, 5);
    const rows = await this.transactions.reader.query<(StockBalanceRow & Record<string, unknown>)[]>(
      `SELECT b.item_id AS "itemId", b.warehouse_id AS "warehouseId", b.on_hand AS "onHand", b.reserved,
              i.valuation_rate AS "valuationRate", ${keysetSelect(BALANCE_KEYSET)}
       FROM stock_balances b
       JOIN items i ON i.org_id = b.org_id AND i.entity_id = b.entity_id AND i.id = b.item_id
       WHERE b.org_id = $1 AND b.entity_id = $2
         AND ($3::uuid IS NULL OR b.item_id = $3) AND ($4::uuid IS NULL OR b.warehouse_id = $4)
         AND ${after.sql}
       ORDER BY ${keysetOrder(BALANCE_KEYSET)}
       LIMIT ${limit + 1}`,
      [tenant.orgId, tenant.entityId, filter.itemId ?? null, filter.warehouseId ?? null, ...after.params],
    );
    return pageFromRows(rows, BALANCE_KEYSET, limit, toStockBalanceModel);
  }

  async ledger(tenant: TenantContext, filter: LedgerFilter): Promise<Page<StockLedgerEntryModel>> {
    const query = this.transactions.reader
      .getRepository(StockLedgerEntry)
      .createQueryBuilder('l')
      .where('l.org_id = :orgId AND l.entity_id = :entityId', { orgId: tenant.orgId, entityId: tenant.entityId });
    if (filter.itemId) query.andWhere('l.item_id = :itemId', { itemId: filter.itemId });
    if (filter.warehouseId) query.andWhere('l.warehouse_id = :warehouseId', { warehouseId: filter.warehouseId });
    if (filter.referenceType) query.andWhere('l.reference_type = :type', { type: filter.referenceType });
    if (filter.referenceId) query.andWhere('l.reference_id = :referenceId', { referenceId: filter.referenceId });
    return (await paginate(query, filter, createdKeyset('l', 'posted_at'))).map(toStockLedgerEntryModel);
  }

  /** Receives (positive lines, optionally at a rate) and issues (negative lines) in one warehouse, all or nothing. */
  async adjust(tenant: TenantContext, input: AdjustmentInput): Promise<StockAdjustmentModel> {
    if (input.lines.some((line) => line.rate !== undefined && !new Dec(line.quantity).isPositive())) {
      throw ApiError.unprocessable('Only a receipt (a positive quantity) carries a rate; issues go out at valuation.');
    }
    return this.transactions.run(async (unitOfWork) => {
      const { manager } = unitOfWork;
      const adjustment = await manager.save(
        manager.create(StockAdjustment, {
          orgId: tenant.orgId,
          entityId: tenant.entityId,
          warehouseId: input.warehouseId,
          reason: input.reason,
          createdBy: actorId(tenant),
        }),
      );
      const entries = await this.movements.move(unitOfWork, tenant, {
        referenceType: ADJUSTMENT_REFERENCE,
        referenceId: adjustment.id,
        lines: input.lines.map((line) => ({ ...line, warehouseId: input.warehouseId })),
      });
      const stored = await manager.findOneByOrFail(StockAdjustment, { id: adjustment.id });
      return Object.assign(new StockAdjustmentModel(), {
        id: stored.id,
        warehouseId: stored.warehouseId,
        reason: stored.reason,
        entries,
        createdAt: stored.createdAt,
        createdBy: stored.createdBy,
      });
    });
  }
}
