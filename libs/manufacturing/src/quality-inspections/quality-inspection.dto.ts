import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimalString, PageQuery } from '@app/platform';
import { INSPECTION_STATUSES, type InspectionStatus, PARAMETER_KINDS, type ParameterKind } from './inspection-verdicts';
import { INSPECTION_REFERENCE_TYPES, type InspectionReferenceType } from './quality-inspection.entities';
import { READING_VALUE_SCHEMA, STATS_GROUPINGS, type StatsGrouping } from './quality-inspection.models';

/*
 * The validated inputs of the quality services; both HTTP layers take them. Rules that depend on a parameter's
 * kind (which bounds or expected value it takes, how a reading is typed) are checked by inspection-verdicts.ts.
 */

export const MAX_PARAMETERS = 100;
const MAX_READINGS_PER_PARAMETER = 1000;
const SIGNED_DECIMAL = { signed: true } as const;

export class InspectionParameterBody {
  /** Unique within the template or inspection. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsIn(PARAMETER_KINDS)
  kind!: ParameterKind;

  /** Numeric parameters only: the smallest accepted reading, inclusive (a decimal string; absent: no lower bound). */
  @IsOptional()
  @IsDecimalString(SIGNED_DECIMAL)
  min?: string;

  /** Numeric parameters only: the largest accepted reading, inclusive (absent: no upper bound); min ≤ max. */
  @IsOptional()
  @IsDecimalString(SIGNED_DECIMAL)
  max?: string;

  /** Required on boolean parameters (a JSON boolean) and text ones (a string); not accepted on numeric ones. */
  @IsOptional()
  @ApiProperty({ ...READING_VALUE_SCHEMA, required: false })
  expected?: boolean | string;
}

export class CreateTemplateBody {
  /** The item the template is for; an item has at most one template (`409 conflict`). */
  @IsUUID()
  itemId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InspectionParameterBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARAMETERS)
  parameters!: InspectionParameterBody[];
}

/** A new list of parameters for a template; later inspections use it, existing ones keep theirs. */
export class UpdateTemplateBody extends PickType(CreateTemplateBody, ['parameters'] as const) {
  /** The version read; a stale one is a `409 conflict`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

export class TemplateListQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  itemId?: string;
}

export class CreateInspectionBody {
  /** `work_order`, `subcontract_receipt`, or `receipt` (a stock adjustment that received the item). */
  @IsIn(INSPECTION_REFERENCE_TYPES)
  referenceType!: InspectionReferenceType;

  /** The document inspected; it must exist in the tenant (and, for a receipt, have received the item), else `422`. */
  @IsUUID()
  referenceId!: string;

  @IsUUID()
  itemId!: string;

  /** How much of the item is inspected, a decimal string > 0. */
  @IsDecimalString({ min: '0', exclusiveMin: true })
  sampleSize!: string;

  /** The item's template when absent (no template then: `422`). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InspectionParameterBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARAMETERS)
  parameters?: InspectionParameterBody[];
}

export class ReadingBody {
  /** The parameter read. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  /** Decimal strings for a numeric parameter, JSON booleans for a boolean one, strings for a text one. */
  @IsArray()
  @ArrayMaxSize(MAX_READINGS_PER_PARAMETER)
  @ApiProperty({ type: 'array', items: READING_VALUE_SCHEMA })
  values!: unknown[];
}

export class CompleteInspectionBody {
  /** One entry per parameter of the inspection. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReadingBody)
  @ArrayMaxSize(MAX_PARAMETERS)
  readings!: ReadingBody[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  remarks?: string;
}

export class InspectionListQuery extends PageQuery {
  @IsOptional()
  @IsIn(INSPECTION_STATUSES)
  status?: InspectionStatus;

  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  referenceId?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InspectionStatsQuery {
  /** First day counted (UTC, inclusive), `YYYY-MM-DD`; 29 days before `to` when absent. */
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from?: string;

  /** Last day counted (UTC, inclusive), `YYYY-MM-DD`; today when absent. */
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to?: string;

  /** `day`, `week` (ISO weeks, Monday first), `month` or `item`; `day` when absent. */
  @IsOptional()
  @IsIn(STATS_GROUPINGS)
  groupBy?: StatsGrouping;
}
