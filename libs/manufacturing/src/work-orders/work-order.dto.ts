import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsOmittable, PageQuery } from '@app/platform';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order.entities';

/*
 * The validated inputs of the work-order service; both HTTP layers take them, so each rule is written once.
 */

const POSITIVE = { min: '0', exclusiveMin: true } as const;
const MAX_STATED_CONSUMPTION = 1000;

/** The fields a Draft order may change; creation takes them too. */
class WorkOrderPlanningFields {
  /** When work should start and end; `null` on PATCH clears it. */
  @IsOptional()
  @IsISO8601({ strict: true })
  plannedStart?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true })
  plannedEnd?: string | null;
}

export class CreateWorkOrderBody extends WorkOrderPlanningFields {
  @IsUUID()
  itemId!: string;

  /** The BOM to follow; the item's active default BOM when neither it nor `recipeId` is given. */
  @IsOptional()
  @IsUUID()
  bomId?: string;

  /** A recipe whose primary output is the item, instead of a BOM. */
  @IsOptional()
  @IsUUID()
  recipeId?: string;

  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** Where the materials are reserved and issued from. */
  @IsUUID()
  sourceWarehouseId!: string;

  /** Where the finished goods, by-products and co-products are received. */
  @IsUUID()
  targetWarehouseId!: string;
}

export class UpdateWorkOrderBody extends WorkOrderPlanningFields {
  /** The version read; a stale one is a `409 conflict`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @IsOmittable()
  @IsDecimalString(POSITIVE)
  quantity?: string;

  @IsOmittable()
  @IsUUID()
  sourceWarehouseId?: string;

  @IsOmittable()
  @IsUUID()
  targetWarehouseId?: string;
}

export class StatedConsumptionBody {
  /** One of the order's required items. */
  @IsUUID()
  itemId!: string;

  /** What was actually used (0 or more), instead of the backflushed figure. */
  @IsDecimalString()
  quantity!: string;
}

export class CompleteWorkOrderBody {
  /** Defaults to the order's `quantity`; more than 0 and at most `quantity`. */
  @IsOptional()
  @IsDecimalString(POSITIVE)
  producedQuantity?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StatedConsumptionBody)
  @ArrayMaxSize(MAX_STATED_CONSUMPTION)
  consumed?: StatedConsumptionBody[];

  /** Defaults to `plannedMinutes × producedQuantity / quantity`. */
  @IsOptional()
  @IsDecimalString()
  actualMinutes?: string;

  /** With `producedQuantity < quantity`, also create a Draft order for the rest. */
  @IsOptional()
  @IsBoolean()
  backorder?: boolean;
}

export class WorkOrderListQuery extends PageQuery {
  @IsOptional()
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;

  @IsOptional()
  @IsUUID()
  itemId?: string;

  /** Orders created at or after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Orders created before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
