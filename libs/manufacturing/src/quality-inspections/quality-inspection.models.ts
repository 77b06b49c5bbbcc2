import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal, ApiInteger, ApiUuid, formatQuantity, Internal } from '@app/platform';
import type {
  InspectedParameter,
  InspectionStatus,
  ParameterDefinition,
  ParameterKind,
  ReadingValue,
} from './inspection-verdicts';
import type {
  InspectionReferenceType,
  QualityInspection,
  QualityInspectionTemplate,
} from './quality-inspection.entities';

/** A reading or an expected value: a decimal string, a JSON boolean or a string (the plugin reads the union as an object). */
export const READING_VALUE_SCHEMA = { anyOf: [{ type: 'string' }, { type: 'boolean' }] };

export class InspectionParameterModel {
  name!: string;
  kind!: ParameterKind;
  /** Numeric parameters: the inclusive bounds, 6-place decimal strings; null where absent. */
  @ApiDecimal()
  min!: string | null;
  @ApiDecimal()
  max!: string | null;
  /** Boolean parameters: a JSON boolean; text parameters: a string; null on numeric ones. */
  @ApiProperty(READING_VALUE_SCHEMA)
  expected!: ReadingValue | null;
}

export class InspectedParameterModel extends InspectionParameterModel {
  /** Numeric readings as 6-place decimal strings; booleans and strings as read. Empty while Pending. */
  @ApiProperty({ type: 'array', items: READING_VALUE_SCHEMA })
  readings!: ReadingValue[];
  /** null while Pending. */
  passed!: boolean | null;
}

export class QualityInspectionTemplateModel {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  itemId!: string;
  parameters!: InspectionParameterModel[];
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
  @ApiInteger()
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
  @Internal() updatedBy!: string | null;
}

export class QualityInspectionModel {
  @ApiUuid()
  id!: string;
  /** `QI-00001`, sequential per tenant, never reused. */
  number!: string;
  referenceType!: InspectionReferenceType;
  @ApiUuid()
  referenceId!: string;
  @ApiUuid()
  itemId!: string;
  /** How much of the item is inspected; an inspection created by production samples the quantity produced. */
  @ApiDecimal()
  sampleSize!: string;
  status!: InspectionStatus;
  parameters!: InspectedParameterModel[];
  /** The user who completed it; null while Pending, and when an app completed it. */
  @ApiUuid()
  inspectedBy!: string | null;
  inspectedAt!: Date | null;
  remarks!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
}

function parameterModel(parameter: ParameterDefinition): InspectionParameterModel {
  return Object.assign(new InspectionParameterModel(), {
    name: parameter.name,
    kind: parameter.kind,
    min: parameter.min,
    max: parameter.max,
    expected: parameter.expected,
  });
}

export function toTemplateModel(template: QualityInspectionTemplate): QualityInspectionTemplateModel {
  return Object.assign(new QualityInspectionTemplateModel(), {
    id: template.id,
    itemId: template.itemId,
    parameters: template.parameters.map(parameterModel),
    version: template.version,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
    createdBy: template.createdBy,
    updatedBy: template.updatedBy,
  });
}

export function toInspectionModel(inspection: QualityInspection): QualityInspectionModel {
  return Object.assign(new QualityInspectionModel(), {
    id: inspection.id,
    number: inspection.number,
    referenceType: inspection.referenceType,
    referenceId: inspection.referenceId,
    itemId: inspection.itemId,
    sampleSize: formatQuantity(inspection.sampleSize),
    status: inspection.status,
    parameters: inspection.parameters.map((parameter: InspectedParameter) =>
      Object.assign(new InspectedParameterModel(), {
        ...parameterModel(parameter),
        readings: parameter.readings,
        passed: parameter.passed,
      }),
    ),
    inspectedBy: inspection.inspectedBy,
    inspectedAt: inspection.inspectedAt,
    remarks: inspection.remarks,
    createdAt: inspection.createdAt,
    updatedAt: inspection.updatedAt,
    createdBy: inspection.createdBy,
  });
}

export const STATS_GROUPINGS = ['day', 'week', 'month', 'item'] as const;
export type StatsGrouping = (typeof STATS_GROUPINGS)[number];

/** One group of the stats: a period (day, ISO week or month, in UTC) or an item. */
export class InspectionStatsRow {
  /** `2026-01-31` (day), `2026-W05` (ISO week), `2026-01` (month); absent when grouped by item. */
  period?: string;
  /** Present when grouped by item. */
  @ApiUuid()
  itemId?: string;
  @ApiInteger()
  total!: number;
  @ApiInteger()
  passed!: number;
  @ApiInteger()
  failed!: number;
  @ApiInteger()
  pending!: number;
  /** passed / (passed + failed) × 100, half-up to 4 places; null when none is completed. */
  @ApiDecimal()
  passRate!: string | null;
}

export class InspectionStats {
  /** The first day counted (UTC, inclusive). */
  @ApiProperty({ type: 'string', format: 'date' })
  from!: string;
  /** The last day counted (UTC, inclusive). */
  @ApiProperty({ type: 'string', format: 'date' })
  to!: string;
  groupBy!: StatsGrouping;
  data!: InspectionStatsRow[];
}
