import Decimal from 'decimal.js';
import { ApiError } from '../errors/api-error';

/**
 * The one decimal type of the server: 40 significant digits, so products of numeric(20,6) quantities and
 * numeric(20,4) rates stay exact before they are rounded to a column's scale.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Dec = Decimal;
export type DecimalInput = Decimal.Value;

/** Scale of quantity columns, numeric(20,6). */
export const QUANTITY_SCALE = 6;
/** Scale of money columns (rates, values, costs), numeric(20,4). */
export const MONEY_SCALE = 4;
/** Scale of percentage columns, numeric(7,4). */
export const PERCENT_SCALE = 4;
/** Digits a numeric(20, s) column holds in all. */
export const COLUMN_PRECISION = 20;

export interface DecimalStringOptions {
  /** Whether a leading `-` is accepted. */
  signed?: boolean;
  /** Most digits after the point; the column's scale. */
  scale?: number;
  /** Most digits in all; the column's precision. */
  precision?: number;
  /** Smallest accepted value (inclusive unless `exclusiveMin`). */
  min?: string;
  exclusiveMin?: boolean;
  /** Largest accepted value (inclusive). */
  max?: string;
}

/**
 * Most significant digits a JSON number may carry and still be taken for the decimal it reads as: every decimal of
 * 15 digits survives the trip through a binary double, so its shortest form is what the client wrote.
 */
export const MAX_EXACT_NUMBER_DIGITS = 15;

/** The decimal string a JSON number stands for, or undefined when it may not be the decimal the client meant. */
export function decimalFromNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  // String() gives the shortest form that reads back as the same double.
  const decimal = new Dec(String(value));
  return decimal.sd() <= MAX_EXACT_NUMBER_DIGITS ? decimal.toFixed() : undefined;
}

/** Why a value is not an accepted decimal string, or undefined when it is. */
export function decimalStringProblem(value: unknown, options: DecimalStringOptions = {}): string | undefined {
  const scale = options.scale ?? QUANTITY_SCALE;
  const precision = options.precision ?? COLUMN_PRECISION;
  if (typeof value === 'number' && decimalFromNumber(value) === undefined) {
    // IsDecimalString turns an exact number into its string before validation; this one may not be what was meant.
    return `must be sent as a string, such as "12.5": a JSON number with more than ${MAX_EXACT_NUMBER_DIGITS} significant digits is not exact`;
  }
  if (typeof value !== 'string') return 'must be a decimal number written as a string';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return 'must be a decimal number written as a string, such as "12.5"';
  const [, sign, whole, fraction = ''] = match;
  if (sign && !options.signed) return 'must not be negative';
  if (fraction.length > scale) return `must have at most ${scale} digits after the decimal point`;
  if (whole.replace(/^0+(?=\d)/, '').length > precision - scale) return 'is too large';
  const number = new Dec(value);
  if (options.min !== undefined) {
    const min = new Dec(options.min);
    if (options.exclusiveMin ? number.lte(min) : number.lt(min)) {
      return `must be ${options.exclusiveMin ? 'greater than' : 'at least'} ${options.min}`;
    }
  }
  if (options.max !== undefined && number.gt(options.max)) return `must be at most ${options.max}`;
  return undefined;
}

export function isDecimalString(value: unknown, options: DecimalStringOptions = {}): value is string {
  return decimalStringProblem(value, options) === undefined;
}

/** Parses a decimal string from outside the validation pipe (a query value, a header); `400` when it is not one. */
export function parseDecimal(value: unknown, field: string, options: DecimalStringOptions = {}): Dec {
  const problem = decimalStringProblem(value, options);
  if (problem) throw ApiError.validation([{ field, message: `${field} ${problem}` }]);
  return new Dec(value as string);
}

/** A decimal string already in the form `toScale` gives, for each scale: no leading zero, exactly `scale` places. */
const IN_SCALE_FORM = new Map(
  [QUANTITY_SCALE, MONEY_SCALE, PERCENT_SCALE].map((scale) => [
    scale,
    new RegExp(`^-?(?:0|[1-9]\\d*)\\.\\d{${scale}}$`),
  ]),
);
const NEGATIVE_ZERO = /^-0\.?0*$/;

function toScale(value: DecimalInput, scale: number): string {
  // What a numeric(p, scale) column reads as is in that form already: no Decimal to build and print again.
  if (typeof value === 'string' && IN_SCALE_FORM.get(scale)?.test(value) && !NEGATIVE_ZERO.test(value)) return value;
  const fixed = new Dec(value).toFixed(scale, Decimal.ROUND_HALF_UP);
  // `-0.000000` reads like a debit of nothing; zero has no sign.
  return NEGATIVE_ZERO.test(fixed) ? fixed.slice(1) : fixed;
}

/** A quantity as its column stores it: rounded half-up to 6 places, e.g. `"12.500000"`. */
export function formatQuantity(value: DecimalInput): string {
  return toScale(value, QUANTITY_SCALE);
}

/** An amount of money or a rate as its column stores it: rounded half-up to 4 places, e.g. `"3.5000"`. */
export function formatMoney(value: DecimalInput): string {
  return toScale(value, MONEY_SCALE);
}

/** A percentage as its column stores it: rounded half-up to 4 places. */
export function formatPercent(value: DecimalInput): string {
  return toScale(value, PERCENT_SCALE);
}

/** Σ of decimal values, exact. */
export function sumDecimals(values: Iterable<DecimalInput>): Dec {
  let total = new Dec(0);
  for (const value of values) total = total.plus(value);
  return total;
}
