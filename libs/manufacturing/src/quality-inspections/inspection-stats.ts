import { ApiError } from '@app/platform';
import type { StatsCounts } from './inspection-queries';
import { passRate } from './inspection-verdicts';
import { InspectionStatsRow, type StatsGrouping } from './quality-inspection.models';

/** The longest range the stats count in one call (about three years), so an answer stays bounded. */
export const MAX_STATS_DAYS = 1096;
/** The range when none is given: the last 30 days, today included. */
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The days counted (UTC, both inclusive) and the instants that bound them, [start, end). `to` defaults to today and
 * `from` to 29 days before `to`; `from` after `to`, or a range longer than MAX_STATS_DAYS, is a `400`.
 */
export function statsRange(
  query: { from?: string; to?: string },
  now: Date,
): { from: string; to: string; start: string; end: string } {
  const to = Date.parse(`${query.to ?? isoDate(now.getTime())}T00:00:00Z`);
  const from = query.from ? Date.parse(`${query.from}T00:00:00Z`) : to - (DEFAULT_DAYS - 1) * DAY_MS;
  if (from > to) throw ApiError.validation([{ field: 'from', message: 'from must not be after to' }]);
  if ((to - from) / DAY_MS + 1 > MAX_STATS_DAYS) {
    throw ApiError.validation([{ field: 'from', message: `the range may span at most ${MAX_STATS_DAYS} days` }]);
  }
  return {
    from: isoDate(from),
    to: isoDate(to),
    start: new Date(from).toISOString(),
    end: new Date(to + DAY_MS).toISOString(),
  };
}

/** The answer rows: the counts under `period` or `itemId`, with the pass rate. */
export function statsRows(counts: StatsCounts[], groupBy: StatsGrouping): InspectionStatsRow[] {
  return counts.map((row) =>
    Object.assign(new InspectionStatsRow(), {
      ...(groupBy === 'item' ? { itemId: row.key } : { period: row.key }),
      total: row.total,
      passed: row.passed,
      failed: row.failed,
      pending: row.pending,
      passRate: passRate(row.passed, row.failed),
    }),
  );
}
