import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, MONEY_SCALE, PageQuery } from '@app/platform';
import { SUBCONTRACT_ORDER_STATUSES, type SubcontractOrderStatus } from './subcontract-order.entities';

const POSITIVE = { min: '0', exclusiveMin: true } as const;
const MAX_LINES = 1000;

export class CreateSubcontractOrderBody {
  /** A warehouse of kind `supplier`: it holds our materials at the subcontractor. */
  @IsUUID()
  supplierWarehouseId!: string;

  /** The item the subcontractor makes. */
  @IsUUID()
  itemId!: string;

  /** The item's active default BOM when absent. */
  @IsOptional()
  @IsUUID()
  bomId?: string;

  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** Where the materials are issued from and returned to. */
  @IsUUID()
  sourceWarehouseId!: string;

  /** Where the finished goods are received. */
  @IsUUID()
  targetWarehouseId!: string;

  /** What the subcontractor charges per unit it works on (rejected ones included). */
  @IsDecimalString({ scale: MONEY_SCALE })
  serviceRate!: string;

  /** The supplier warehouse's `supplierName` when absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  supplierName?: string;
}

/** A change of a Draft order made against the `version` read; a field left out keeps its value. */
export class UpdateSubcontractOrderBody extends PartialType(CreateSubcontractOrderBody, { skipNullProperties: false }) {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class IssueLineBody {
  @IsUUID()
  itemId!: string;

  @IsDecimalString(POSITIVE)
  quantity!: string;
}

export class IssueMaterialsBody {
  /** What to issue now; everything still to issue when absent. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => IssueLineBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  lines?: IssueLineBody[];
}

export class ReceiveGoodsBody {
  /** Accepted goods, received into the target warehouse. */
  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** Goods the supplier worked on that failed our check: they consume materials and service but are not received. */
  @IsOptional()
  @IsDecimalString()
  rejectedQuantity?: string;
}

export class SubcontractOrderListQuery extends PageQuery {
  @IsOptional()
  @IsIn(SUBCONTRACT_ORDER_STATUSES)
  status?: SubcontractOrderStatus;

  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  supplierWarehouseId?: string;
}
