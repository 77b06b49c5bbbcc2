import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  InventoryAllocation,
  Item,
  StockAdjustment,
  StockBalance,
  StockLedgerEntry,
  Warehouse,
} from './inventory.entities';
import { ItemsService } from './items.service';
import { StockMovements } from './stock-movements';
import { StockService } from './stock.service';
import { WarehousesService } from './warehouses.service';

/** Items, warehouses, stock balances, the stock ledger and allocations: the one place stock moves. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Item, Warehouse, StockBalance, StockLedgerEntry, StockAdjustment, InventoryAllocation]),
  ],
  providers: [ItemsService, WarehousesService, StockService, StockMovements],
  exports: [ItemsService, WarehousesService, StockService, StockMovements],
})
export class InventoryModule {}
