import { IntersectionType, PartialType } from '@nestjs/swagger';
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
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, IsOmittable, MONEY_SCALE, PageQuery, PERCENT_SCALE } from '@app/platform';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../document.entity';
import { DistinctItems } from '../distinct-items.decorator';
import { DocumentVersionBody } from '../document-version';

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
  @IsOmittable()
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
  @DistinctItems()
  ingredients!: RecipeIngredientBody[];

  /** Above 0, at most 100; `"100"` when absent. */
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

/** A change of a recipe: the fields of a create, each optional (not null), and the version read; lists given replace the stored ones. */
export class UpdateRecipeBody extends IntersectionType(
  DocumentVersionBody,
  PartialType(CreateRecipeBody, { skipNullProperties: false }),
) {}

export class RecipeListQuery extends PageQuery {
  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;
}
