import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
import { IsDecimalString, IsOmittable, MONEY_SCALE, PageQuery, PERCENT_SCALE } from '@app/platform';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../document.entity';

const MAX_CHILDREN = 500;
const POSITIVE = { min: '0', exclusiveMin: true } as const;

export class RecipeOutputBody {
  @IsUUID()
  itemId!: string;

  /** Per batch at 100 % yield. */
  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** Exactly one output is primary. */
  @IsBoolean()
  isPrimary!: boolean;

  /** A co-product's share of the cost (0–100, default 0; at most 100 in all). The primary takes the rest. */
  @IsOptional()
  @IsDecimalString({ max: '100', scale: PERCENT_SCALE })
  costSharePercent?: string;
}

export class RecipeIngredientBody {
  @IsUUID()
  itemId!: string;

  /** Per batch. */
  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** The item's when absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  uom?: string;
}

export class RecipeStepBody {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** Minutes per batch. */
  @IsDecimalString()
  minutes!: string;

  @IsOptional()
  @IsDecimalString({ scale: MONEY_SCALE })
  hourlyRate?: string;
}

export class CreateRecipeBody {
  /** Unique in the tenant; left out, the server generates `RCP-<primary output sku>-<n>` (the next free n). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeOutputBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHILDREN)
  outputs!: RecipeOutputBody[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeIngredientBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHILDREN)
  ingredients!: RecipeIngredientBody[];

  /** Above 0, at most 100; `"100"` when absent. */
  @IsOptional()
  @IsDecimalString({ min: '0', exclusiveMin: true, max: '100', scale: PERCENT_SCALE })
  yieldPercent?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeStepBody)
  @ArrayMaxSize(MAX_CHILDREN)
  steps?: RecipeStepBody[];
}

/** A change of a recipe; lists given replace the stored ones. */
export class UpdateRecipeBody {
  /** The version read; a stale one is a `409 conflict`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code?: string;

  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeOutputBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHILDREN)
  outputs?: RecipeOutputBody[];

  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeIngredientBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHILDREN)
  ingredients?: RecipeIngredientBody[];

  @IsOmittable()
  @IsDecimalString({ min: '0', exclusiveMin: true, max: '100', scale: PERCENT_SCALE })
  yieldPercent?: string;

  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipeStepBody)
  @ArrayMaxSize(MAX_CHILDREN)
  steps?: RecipeStepBody[];
}

export class RecipeListQuery extends PageQuery {
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;
}
