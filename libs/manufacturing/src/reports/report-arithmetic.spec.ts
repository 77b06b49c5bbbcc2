import { changePercent, percentOf, variance, weightedUnitCost } from './report-arithmetic';

describe('report arithmetic', () => {
  it('percentOf rounds half-up to 4 places and is null over nothing', () => {
    expect(percentOf('1', '3')).toBe('33.3333');
    expect(percentOf('2', '3')).toBe('66.6667');
    expect(percentOf('45', '50')).toBe('90.0000');
    expect(percentOf('0', '7')).toBe('0.0000');
    expect(percentOf('5', '0')).toBeNull();
  });

  it('changePercent: above the base is positive, below negative, no base is null', () => {
    expect(changePercent('28.3500', '25.2000')).toBe('12.5000');
    expect(changePercent('18.9000', '25.2000')).toBe('-25.0000');
    expect(changePercent('1', null)).toBeNull();
    expect(changePercent('1', '0')).toBeNull();
  });

  it('variance is actual − planned at the money scale', () => {
    expect(variance('98.5000', '100.0000')).toBe('-1.5000');
    expect(variance('102.25', '100')).toBe('2.2500');
    expect(variance('100', '100')).toBe('0.0000');
  });

  it('weightedUnitCost divides exactly before it rounds', () => {
    // 10 at 9.0000 and 20 at 10.5000: (90 + 210) / 30 = 10
    expect(weightedUnitCost('300.0000000000', '30')).toBe('10.0000');
    // 1 at 1 and 2 at 2: 5 / 3 = 1.66666… → 1.6667
    expect(weightedUnitCost('5', '3')).toBe('1.6667');
  });
});
