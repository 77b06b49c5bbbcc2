import { IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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

/*
 * The validated inputs of the BOM service; both HTTP layers take them, so each rule is written once.
 */

const MAX_CHILDREN = 1000;
const POSITIVE = { min: '0', exclusiveMin: true } as const;

export class BomLineBody {
  @IsUUID()
  itemId!: string;

  /** Per batch of the BOM (its `quantity`), a decimal string > 0. */
  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** The component's unit of measure; the item's when absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  uom?: string;

  /** 0–100; the line needs `quantity × (1 + scrapPercent / 100)`. */
  @IsOptional()
  @IsDecimalString({ max: '100', scale: PERCENT_SCALE })
  scrapPercent?: string;

  /** The unit cost to note on the line; the component's valuation rate when absent. */
  @IsOptional()
  @IsDecimalString({ scale: MONEY_SCALE })
  rate?: string;
}

export class BomOperationBody {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  workstation?: string;

  /** Minutes per batch. */
  @IsDecimalString()
  minutes!: string;

  @IsOptional()
  @IsDecimalString({ scale: MONEY_SCALE })
  hourlyRate?: string;
}

export class BomByProductBody {
  @IsUUID()
  itemId!: string;

  /** Per batch of the BOM. */
  @IsDecimalString(POSITIVE)
  quantity!: string;

  /** The share of the production cost it takes, 0–100 (default 0); at most 100 over all by-products. */
  @IsOptional()
  @IsDecimalString({ max: '100', scale: PERCENT_SCALE })
  costSharePercent?: string;
}

export class CreateBomBody {
  /** The item the BOM makes. */
  @IsUUID()
  itemId!: string;

  /** Unique in the tenant; left out, the server generates `BOM-<item sku>-<n>` (the next free n). */
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code?: string;

  /** The batch the lines are for; `"1"` when absent. */
  @IsOmittable()
  @IsDecimalString(POSITIVE)
  quantity?: string;

  /** The item's when absent. */
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  uom?: string;

  /** At most one active default BOM per item (`409 conflict` otherwise); the explosion follows it. */
  @IsOmittable()
  @IsBoolean()
  isDefault?: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BomLineBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHILDREN)
  @DistinctItems()
  lines!: BomLineBody[];

  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BomOperationBody)
  @ArrayMaxSize(MAX_CHILDREN)
  operations?: BomOperationBody[];

  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BomByProductBody)
  @ArrayMaxSize(MAX_CHILDREN)
  byProducts?: BomByProductBody[];
}

/** A change of a BOM: the fields of a create but the item, each optional (not null), and the version read; lists given replace the stored ones. */
export class UpdateBomBody extends IntersectionType(
  DocumentVersionBody,
  PartialType(OmitType(CreateBomBody, ['itemId'] as const), { skipNullProperties: false }),
) {}

export class BomListQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;
}

/** A query flag: `true`/`false` in the URL become booleans; anything else fails validation. */
const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ExplosionQuery {
  /** How much of the BOM's item to make; the BOM's own quantity when absent. */
  @IsOptional()
  @IsDecimalString(POSITIVE)
  quantity?: string;

  /** Adds `available` and `shortage` per item for this warehouse. */
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  /** `false` answers the aggregated `items` alone, for BOMs whose tree is larger than a response may list. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  tree?: boolean;
}

export class WhereUsedQuery {
  @IsUUID()
  itemId!: string;

  /** `true` also lists the BOMs that use the item through sub-assemblies (level 2+). */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  recursive?: boolean;
}
