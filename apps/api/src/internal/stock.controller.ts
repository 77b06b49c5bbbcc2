import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InternalApi, Tenant } from '@app/auth';
import {
  BalanceQuery,
  CreateAdjustmentBody,
  LedgerQuery,
  StockAdjustmentModel,
  StockBalanceModel,
  StockLedgerEntryModel,
  StockService,
} from '@app/inventory';
import { InternalAnswer, type TenantContext } from '@app/platform';

@ApiTags('stock')
@Controller('stock')
@InternalApi()
export class StockController {
  constructor(private readonly stock: StockService) {}

  /** `available = onHand − reserved`, never negative. */
  @InternalAnswer('Stock balances per item and warehouse', [StockBalanceModel])
  @Get('balances')
  balances(@Tenant() tenant: TenantContext, @Query() query: BalanceQuery) {
    return this.stock.balances(tenant, query);
  }

  /** Append-only; `quantity` is signed (+ in, − out). */
  @InternalAnswer('The stock ledger', [StockLedgerEntryModel])
  @Get('ledger')
  ledger(@Tenant() tenant: TenantContext, @Query() query: LedgerQuery) {
    return this.stock.ledger(tenant, query);
  }

  /** All lines commit together or none does; an issue beyond `available` is a `422 insufficient_stock`. */
  @InternalAnswer('Adjust stock: receive or issue, all lines or none', StockAdjustmentModel, { errors: [422] })
  @Post('adjustments')
  adjust(@Tenant() tenant: TenantContext, @Body() body: CreateAdjustmentBody) {
    return this.stock.adjust(tenant, body);
  }
}
