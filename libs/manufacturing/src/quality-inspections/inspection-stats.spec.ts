import { ApiError } from '@app/platform';
import { MAX_STATS_DAYS, statsRange, statsRows } from './inspection-stats';

describe('statsRange', () => {
  const now = new Date('2026-03-01T15:30:00Z');

  it('counts both bounding days in full, in UTC', () => {
    expect(statsRange({ from: '2026-01-31', to: '2026-02-01' }, now)).toEqual({
      from: '2026-01-31',
      to: '2026-02-01',
      start: '2026-01-31T00:00:00.000Z',
      end: '2026-02-02T00:00:00.000Z',
    });
  });

  it('defaults to the 30 days ending today (29 days before to; February 2024 has 29 days)', () => {
    expect(statsRange({}, now)).toMatchObject({ from: '2026-01-31', to: '2026-03-01' });
    expect(statsRange({ to: '2024-03-01' }, now)).toMatchObject({ from: '2024-02-01', to: '2024-03-01' });
  });

  it('refuses from after to, and ranges longer than the cap', () => {
    expect(() => statsRange({ from: '2026-02-02', to: '2026-02-01' }, now)).toThrow(ApiError);
    // 2023-03-02 … 2026-03-01 is exactly 1096 days.
    expect(statsRange({ from: '2023-03-02', to: '2026-03-01' }, now).from).toBe('2023-03-02');
    expect(MAX_STATS_DAYS).toBe(1096);
    expect(() => statsRange({ from: '2023-03-01', to: '2026-03-01' }, now)).toThrow(ApiError);
  });
});

describe('statsRows', () => {
  it('names the group period or itemId and adds the pass rate', () => {
    const counts = [{ key: '2026-W05', total: 4, passed: 2, failed: 1, pending: 1 }];
    expect(statsRows(counts, 'week')).toEqual([
      { period: '2026-W05', total: 4, passed: 2, failed: 1, pending: 1, passRate: '66.6667' },
    ]);
    expect(statsRows([{ ...counts[0], key: 'item-1', passed: 0, failed: 0 }], 'item')).toEqual([
      { itemId: 'item-1', total: 4, passed: 0, failed: 0, pending: 1, passRate: null },
    ]);
  });
});
