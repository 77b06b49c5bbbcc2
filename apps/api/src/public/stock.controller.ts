import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicApi, Scopes, Tenant } from '@app/auth';
import { BalanceQuery, LedgerQuery, StockBalanceModel, StockLedgerEntryModel, StockService } from '@app/inventory';
import { PublicAnswer, type TenantContext } from '@app/platform';
import { TenantParams } from './items.dto';

/** Stock balances and the ledger of the install's tenant, read only. */
@ApiTags('public stock')
@Controller('public/v1/orgs/:orgId/entities/:entityId/stock')
@PublicApi()
@Scopes('inventory:read')
export class PublicStockController {
  constructor(private readonly stock: StockService) {}

  @PublicAnswer('Stock balances per item and warehouse', [StockBalanceModel])
  @Get('balances')
  balances(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: BalanceQuery) {
    return this.stock.balances(tenant, query);
  }

  @PublicAnswer('The stock ledger', [StockLedgerEntryModel])
  @Get('ledger')
  ledger(@Tenant() tenant: TenantContext, @Param() _params: TenantParams, @Query() query: LedgerQuery) {
    return this.stock.ledger(tenant, query);
  }
}
