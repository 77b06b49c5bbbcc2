import { Dec, type DecimalInput, formatMoney, formatPercent } from '@app/platform';

/*
 * The ratios of the manufacturing reports, from the exact sums SQL answers: decimals throughout, rounded half-up to
 * 4 places once at the end, and null where the denominator is zero (a ratio of nothing is unknown, not 0 %).
 */

/** part / whole × 100; null when whole is zero. */
export function percentOf(part: DecimalInput, whole: DecimalInput): string | null {
  const denominator = new Dec(whole);
  if (denominator.isZero()) return null;
  return formatPercent(new Dec(part).times(100).dividedBy(denominator));
}

/** How far `value` lies above `base`, in percent of `base` (negative below it); null without a base. */
export function changePercent(value: DecimalInput, base: DecimalInput | null): string | null {
  if (base === null) return null;
  return percentOf(new Dec(value).minus(base), base);
}

/** value − plan: positive when over plan. */
export function variance(actual: DecimalInput, planned: DecimalInput): string {
  return formatMoney(new Dec(actual).minus(planned));
}

/** A per-unit cost weighted by quantity: Σ(unit cost × quantity) / Σ quantity, at the money scale. */
export function weightedUnitCost(weightedSum: DecimalInput, quantity: DecimalInput): string {
  return formatMoney(new Dec(weightedSum).dividedBy(quantity));
}
