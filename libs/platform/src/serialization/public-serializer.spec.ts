import { Internal } from './internal.decorator';
import { toPublicShape } from './public-serializer';
import { camelCaseKeys, snakeCase, snakeCaseKeys, snakeCasePath } from './case';

class Line {
  itemId = 'item-1';
  quantity = '2.500000';
  @Internal() costInternals = { rate: '1.0' };
}

class Bom {
  id = 'bom-1';
  isDefault = true;
  createdAt = new Date('2026-01-02T03:04:05.000Z');
  lines = [new Line(), new Line()];
  nothing: string | null = null;
  omitted: string | undefined = undefined;
  @Internal() createdBy = 'user-1';
  @Internal() version = 3;
  nested = { innerValue: new Line() };
}

class ArchivedBom extends Bom {
  @Internal() archivedBy = 'user-2';
}

describe('toPublicShape', () => {
  it('drops @Internal fields at any depth, snake_cases keys, keeps decimals as strings and dates as ISO', () => {
    expect(toPublicShape(new Bom())).toEqual({
      id: 'bom-1',
      is_default: true,
      created_at: '2026-01-02T03:04:05.000Z',
      lines: [
        { item_id: 'item-1', quantity: '2.500000' },
        { item_id: 'item-1', quantity: '2.500000' },
      ],
      nothing: null,
      nested: { inner_value: { item_id: 'item-1', quantity: '2.500000' } },
    });
  });

  it('honours marks inherited from a parent class, and never leaks a subclass mark into the parent', () => {
    expect(toPublicShape(new ArchivedBom())).not.toHaveProperty('archived_by');
    expect(toPublicShape(new ArchivedBom())).not.toHaveProperty('created_by');
    const parent = Object.assign(new Bom(), { archivedBy: 'visible' });
    expect(toPublicShape(parent)).toHaveProperty('archived_by', 'visible');
  });

  it('passes scalars and null through and maps arrays of scalars', () => {
    expect(toPublicShape(null)).toBeNull();
    expect(toPublicShape('12.5')).toBe('12.5');
    expect(toPublicShape([1, 'a', null])).toEqual([1, 'a', null]);
  });
});

describe('snake case', () => {
  it('converts camelCase and leaves snake_case alone', () => {
    expect(snakeCase('valuationRate')).toBe('valuation_rate');
    expect(snakeCase('item_id')).toBe('item_id');
    expect(snakeCase('requestID')).toBe('request_id');
    expect(snakeCaseKeys({ retryAfter: 3, shortages: [{ itemId: 'a' }] })).toEqual({
      retry_after: 3,
      shortages: [{ item_id: 'a' }],
    });
  });

  it('camel-cases a public request and names a nested field path back in snake_case', () => {
    expect(camelCaseKeys({ item_id: 'a', lines: [{ scrap_percent: '5', itemId: 'b' }], note: null })).toEqual({
      itemId: 'a',
      lines: [{ scrapPercent: '5', itemId: 'b' }],
      note: null,
    });
    expect(snakeCasePath('lines.0.scrapPercent')).toBe('lines.0.scrap_percent');
  });
});
