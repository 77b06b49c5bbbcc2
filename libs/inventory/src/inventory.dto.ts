import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsOmittable, MONEY_SCALE, PageQuery } from '@app/platform';
import { ITEM_KINDS, ItemKind, WAREHOUSE_KINDS, WarehouseKind } from './inventory.entities';
import type { ItemChanges, ItemFilter, ItemInput } from './items.service';
import type { AdjustmentInput, BalanceFilter, LedgerFilter } from './stock.service';
import type { WarehouseChanges, WarehouseFilter, WarehouseInput } from './warehouses.service';

/*
 * The validated inputs of the inventory services. Both HTTP layers take them as bodies and queries, so a rule of
 * the contract is written once; the class-validator decorators are what the global ValidationPipe checks.
 */

export class CreateItemBody implements ItemInput {
  /** Unique in the tenant. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/, { message: 'sku must not start or end with spaces' })
  sku!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** Unit of measure, e.g. `pcs`, `kg`. */
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  uom!: string;

  @IsIn(ITEM_KINDS)
  kind!: ItemKind;

  /** Opening unit cost, a decimal string; `"0"` when absent. */
  @IsOptional()
  @IsDecimalString({ scale: MONEY_SCALE })
  valuationRate?: string;

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateItemBody implements ItemChanges {
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/, { message: 'sku must not start or end with spaces' })
  sku?: string;

  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  uom?: string;

  @IsOmittable()
  @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  /** Sets the moving-average rate by hand (a revaluation); receipts move it afterwards. */
  @IsOmittable()
  @IsDecimalString({ scale: MONEY_SCALE })
  valuationRate?: string;

  @IsOmittable()
  @IsBoolean()
  isActive?: boolean;
}

export class ItemListQuery extends PageQuery implements ItemFilter {
  @IsOptional()
  @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  /** Part of the SKU or name, case-insensitive. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string;
}

export class CreateWarehouseBody implements WarehouseInput {
  /** Unique in the tenant. */
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  code!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** `supplier`: our materials held at a subcontractor. */
  @IsIn(WAREHOUSE_KINDS)
  kind!: WarehouseKind;

  /** Required for a `supplier` warehouse, refused for an `internal` one. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  supplierName?: string;
}

export class UpdateWarehouseBody implements WarehouseChanges {
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  code?: string;

  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOmittable()
  @IsIn(WAREHOUSE_KINDS)
  kind?: WarehouseKind;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  supplierName?: string;
}

export class WarehouseListQuery extends PageQuery implements WarehouseFilter {
  @IsOptional()
  @IsIn(WAREHOUSE_KINDS)
  kind?: WarehouseKind;
}

export class BalanceQuery extends PageQuery implements BalanceFilter {
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  warehouseId?: string;
}

export class LedgerQuery extends PageQuery implements LedgerFilter {
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  /** `adjustment`, `work_order`, `subcontract_order`, … */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  referenceType?: string;

  @IsOptional()
  @IsUUID()
  referenceId?: string;
}

export class AdjustmentLineBody {
  @IsUUID()
  itemId!: string;

  /** Signed decimal string: positive receives, negative issues; never zero. */
  @IsDecimalString({ signed: true })
  @Matches(/[1-9]/, { message: 'quantity must not be zero' })
  quantity!: string;

  /** Unit cost of a receipt; it updates the item's moving-average valuation rate. */
  @IsOmittable()
  @IsDecimalString({ scale: MONEY_SCALE })
  rate?: string;
}

export class CreateAdjustmentBody implements AdjustmentInput {
  @IsUUID()
  warehouseId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AdjustmentLineBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  lines!: AdjustmentLineBody[];
}
