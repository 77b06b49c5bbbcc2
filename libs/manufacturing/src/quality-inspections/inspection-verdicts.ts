import { ApiError, Dec, decimalStringProblem, FieldError, formatPercent, formatQuantity } from '@app/platform';

/*
 * The rules of quality inspections as pure functions: which parameter definitions are valid, how readings are
 * judged, and the pass rate of a group of inspections.
 */

export const PARAMETER_KINDS = ['numeric', 'boolean', 'text'] as const;
export type ParameterKind = (typeof PARAMETER_KINDS)[number];

export const INSPECTION_STATUSES = ['Pending', 'Passed', 'Failed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export type InspectionVerdict = Exclude<InspectionStatus, 'Pending'>;

/** A decimal reading (numeric), a JSON boolean (boolean) or a string (text). */
export type ReadingValue = string | boolean;

/** A parameter as a client sends it (already checked for shape by the DTO). */
export interface ParameterInput {
  name: string;
  kind: ParameterKind;
  min?: string | null;
  max?: string | null;
  expected?: unknown;
}

/** A parameter as it is stored: bounds as 6-place decimal strings, `null` where absent. */
export interface ParameterDefinition {
  name: string;
  kind: ParameterKind;
  min: string | null;
  max: string | null;
  expected: ReadingValue | null;
}

/** A parameter of an inspection: its readings and verdict (`passed` is null until the inspection is completed). */
export interface InspectedParameter extends ParameterDefinition {
  readings: ReadingValue[];
  passed: boolean | null;
}

export interface ReadingInput {
  name: string;
  values: unknown[];
}

/** Readings and bounds: signed decimals with at most 6 places, as the quantity columns hold them. */
const READING_DECIMAL = { signed: true } as const;
export const MAX_TEXT_LENGTH = 500;

/** What is wrong with a list of parameter definitions, as field errors under `field` (empty when valid). */
export function parameterProblems(parameters: ParameterInput[], field = 'parameters'): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  parameters.forEach((parameter, index) => {
    const at = (property: string, message: string) =>
      problems.push({ field: `${field}.${index}.${property}`, message });
    if (seen.has(parameter.name)) at('name', `names the parameter "${parameter.name}" a second time`);
    seen.add(parameter.name);
    const hasMin = parameter.min !== undefined && parameter.min !== null;
    const hasMax = parameter.max !== undefined && parameter.max !== null;
    const hasExpected = parameter.expected !== undefined && parameter.expected !== null;
    if (parameter.kind === 'numeric') {
      if (hasExpected) at('expected', 'is not accepted on a numeric parameter; give min and/or max');
      if (hasMin && hasMax && new Dec(parameter.min!).gt(parameter.max!)) at('min', 'must not be greater than max');
      return;
    }
    if (hasMin) at('min', `is accepted on numeric parameters only, not on a ${parameter.kind} one`);
    if (hasMax) at('max', `is accepted on numeric parameters only, not on a ${parameter.kind} one`);
    if (parameter.kind === 'boolean' && typeof parameter.expected !== 'boolean') {
      at('expected', 'must be true or false (a JSON boolean) on a boolean parameter');
    }
    if (parameter.kind === 'text') {
      if (typeof parameter.expected !== 'string') at('expected', 'must be a string on a text parameter');
      else if (parameter.expected.length > MAX_TEXT_LENGTH) {
        at('expected', `must be at most ${MAX_TEXT_LENGTH} characters long`);
      }
    }
  });
  return problems;
}

/** Valid definitions in their stored form; a `400 validation_failed` listing every problem otherwise. */
export function parameterDefinitions(parameters: ParameterInput[], field = 'parameters'): ParameterDefinition[] {
  const problems = parameterProblems(parameters, field);
  if (problems.length) throw ApiError.validation(problems, 'The quality parameters are not valid.');
  return parameters.map((parameter) => ({
    name: parameter.name,
    kind: parameter.kind,
    min: parameter.min === undefined || parameter.min === null ? null : formatQuantity(parameter.min),
    max: parameter.max === undefined || parameter.max === null ? null : formatQuantity(parameter.max),
    expected: parameter.kind === 'numeric' ? null : (parameter.expected as ReadingValue),
  }));
}

/** The parameters of a new inspection: nothing read yet. */
export function pendingParameters(definitions: ParameterDefinition[]): InspectedParameter[] {
  return definitions.map((definition) => ({ ...definition, readings: [], passed: null }));
}

/** A numeric parameter passes with at least one reading and every reading within `min ≤ value ≤ max`. */
export function numericPasses(values: Dec[], min: string | null, max: string | null): boolean {
  return (
    values.length > 0 && values.every((value) => (min === null || value.gte(min)) && (max === null || value.lte(max)))
  );
}

/** A boolean or text parameter passes with at least one reading, every one equal to `expected`. */
export function equalityPasses(values: ReadingValue[], expected: ReadingValue | null): boolean {
  return values.length > 0 && values.every((value) => value === expected);
}

/** Why a reading value does not suit its parameter's kind, or undefined when it does. */
function valueProblem(kind: ParameterKind, value: unknown): string | undefined {
  if (kind === 'numeric') return decimalStringProblem(value, READING_DECIMAL);
  if (kind === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false (a JSON boolean)';
  if (typeof value !== 'string') return 'must be a string';
  return value.length > MAX_TEXT_LENGTH ? `must be at most ${MAX_TEXT_LENGTH} characters long` : undefined;
}

/**
 * Judges the readings of a completion: every parameter needs readings (a parameter without one, a reading for an
 * unknown parameter, a parameter read twice or a value of the wrong kind is a `400` naming it); the inspection is
 * `Passed` when every parameter passes, else `Failed`. Numeric readings are kept as 6-place decimal strings.
 */
export function judgeReadings(
  parameters: ParameterDefinition[],
  readings: ReadingInput[],
): { parameters: InspectedParameter[]; status: InspectionVerdict } {
  const problems: FieldError[] = [];
  const byName = new Map<string, ReadingInput>();
  const known = new Map(parameters.map((parameter) => [parameter.name, parameter]));
  readings.forEach((reading, index) => {
    const parameter = known.get(reading.name);
    if (!parameter) {
      problems.push({
        field: `readings.${index}.name`,
        message: `"${reading.name}" is not a parameter of this inspection`,
      });
      return;
    }
    if (byName.has(reading.name)) {
      problems.push({ field: `readings.${index}.name`, message: `"${reading.name}" is read a second time` });
      return;
    }
    byName.set(reading.name, reading);
    reading.values.forEach((value, valueIndex) => {
      const problem = valueProblem(parameter.kind, value);
      if (problem) {
        problems.push({ field: `readings.${index}.values.${valueIndex}`, message: `${reading.name}: ${problem}` });
      }
    });
  });
  for (const parameter of parameters) {
    if (!byName.get(parameter.name)?.values.length) {
      problems.push({ field: 'readings', message: `the parameter "${parameter.name}" has no reading` });
    }
  }
  if (problems.length) throw ApiError.validation(problems, 'The readings do not fit the inspection.');

  const judged = parameters.map((parameter): InspectedParameter => {
    const values = byName.get(parameter.name)!.values as ReadingValue[];
    if (parameter.kind === 'numeric') {
      const decimals = values.map((value) => new Dec(value as string));
      return {
        ...parameter,
        readings: decimals.map((value) => formatQuantity(value)),
        passed: numericPasses(decimals, parameter.min, parameter.max),
      };
    }
    return { ...parameter, readings: values, passed: equalityPasses(values, parameter.expected) };
  });
  return { parameters: judged, status: judged.every((parameter) => parameter.passed) ? 'Passed' : 'Failed' };
}

/** passed / (passed + failed) × 100, half-up to 4 places like every percentage; null when none is completed. */
export function passRate(passed: number, failed: number): string | null {
  const completed = passed + failed;
  if (completed === 0) return null;
  return formatPercent(new Dec(passed).times(100).dividedBy(completed));
}
