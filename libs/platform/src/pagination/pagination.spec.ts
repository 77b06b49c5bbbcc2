import { ApiError } from '../errors/api-error';
import { createdKeyset, decodeCursor, encodeCursor, keysetAfter, Page, pageFromRows } from './pagination';

const columns = createdKeyset('b');
const id = '0b7f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e';

describe('cursors', () => {
  it('round-trips the keyset values', () => {
    const cursor = encodeCursor(['2026-11-23 19:40:01.123456+00', id]);
    expect(decodeCursor(cursor, columns)).toEqual(['2026-11-23 19:40:01.123456+00', id]);
  });

  it.each([
    ['not base64 JSON', 'nope'],
    ['a wrong arity', encodeCursor([id])],
    ['a bad uuid', encodeCursor(['2026-11-23 19:40:01+00', 'x'])],
    ['a bad timestamp', encodeCursor(['yesterday', id])],
    ['an impossible timestamp', encodeCursor(['2026-13-45 99:99:99+00', id])],
    ['the 30th of February', encodeCursor(['2026-02-30 10:00:00+00', id])],
    ['a non-array', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuses %s with 400 invalid_request', (_label, cursor) => {
    expect(() => decodeCursor(cursor, columns)).toThrow(ApiError);
    try {
      decodeCursor(cursor, columns);
    } catch (error) {
      expect((error as ApiError).code).toBe('invalid_request');
    }
  });

  it('builds the keyset condition with numbered parameters', () => {
    expect(keysetAfter(columns, undefined, 3)).toEqual({ sql: 'TRUE', params: [] });
    const after = keysetAfter(columns, encodeCursor(['2026-11-23 19:40:01+00', id]), 3);
    expect(after.sql).toBe('(b.created_at, b.id) > ($3::timestamptz, $4::uuid)');
    expect(after.params).toEqual(['2026-11-23 19:40:01+00', id]);
  });
});

describe('pages', () => {
  const rows = [1, 2, 3].map((n) => ({ n, __k0: `2026-11-23 19:40:0${n}+00`, __k1: id }));

  it('gives a next cursor only when there is one more row than the limit', () => {
    const page = pageFromRows(rows, columns, 2, (row) => row.n);
    expect(page.data).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, columns)).toEqual(['2026-11-23 19:40:02+00', id]);
    expect(pageFromRows(rows, columns, 3, (row) => row.n).nextCursor).toBeNull();
  });

  it('maps its data and keeps its cursor', () => {
    expect(new Page([1, 2], 'c').map(String)).toEqual(new Page(['1', '2'], 'c'));
  });
});
