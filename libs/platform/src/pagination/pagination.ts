import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ApiError } from '../errors/api-error';

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** `limit` and `cursor` of every list; list query DTOs extend it. */
export class PageQuery {
  /** 1–100, default 25. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional({ description: 'The cursor of the previous page (`next_cursor` publicly)', maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/**
 * One page of a list. `nextCursor` is null on the last page; the public serializer writes it `next_cursor`.
 */
export class Page<T> {
  constructor(
    readonly data: T[],
    readonly nextCursor: string | null,
  ) {}

  map<U>(mapper: (item: T) => U): Page<U> {
    return new Page(this.data.map(mapper), this.nextCursor);
  }
}

/** A column of a keyset: the SQL expression to order by and the type to cast the cursor's text back to. */
export interface KeysetColumn {
  expression: string;
  type: 'timestamptz' | 'uuid' | 'text';
}

/** The keyset of most tables: creation time, then id to break ties. */
export function createdKeyset(alias: string, timeColumn = 'created_at'): KeysetColumn[] {
  return [
    { expression: `${alias}.${timeColumn}`, type: 'timestamptz' },
    { expression: `${alias}.id`, type: 'uuid' },
  ];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-](\d{2})(:?(\d{2}))?|Z)?$/;

/** A timestamp PostgreSQL will accept: the right shape and every part in range (no month 13, no 25 o'clock). */
function isTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetHours = parts[9] === undefined ? 0 : Number(parts[9]);
  const offsetMinutes = parts[11] === undefined ? 0 : Number(parts[11]);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59
  );
}

function badCursor(): ApiError {
  return ApiError.invalidRequest('The cursor is not valid; pass the nextCursor of the previous page unchanged.');
}

/** The cursor is opaque to clients: the keyset values of the last row, as base64url JSON. */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The keyset values of a cursor, checked against the columns they are for; `400 invalid_request` otherwise. */
export function decodeCursor(cursor: string, columns: readonly KeysetColumn[]): string[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(values) || values.length !== columns.length) throw badCursor();
  return values.map((value: unknown, index) => {
    if (typeof value !== 'string' || value.length > 200) throw badCursor();
    const { type } = columns[index];
    if ((type === 'uuid' && !UUID.test(value)) || (type === 'timestamptz' && !isTimestamp(value))) {
      throw badCursor();
    }
    return value;
  });
}

export function pageLimit(request: PageRequest): number {
  return request.limit ?? DEFAULT_PAGE_LIMIT;
}

/**
 * The SQL condition `(k1, k2, …) > ($n, $n+1, …)` that starts a page after the cursor, for hand-written queries.
 * `firstParam` is the number of the first positional parameter it may use.
 */
export function keysetAfter(
  columns: readonly KeysetColumn[],
  cursor: string | undefined,
  firstParam: number,
): { sql: string; params: string[] } {
  if (!cursor) return { sql: 'TRUE', params: [] };
  const params = decodeCursor(cursor, columns);
  const keys = columns.map((c) => c.expression).join(', ');
  const placeholders = columns.map((c, i) => `$${firstParam + i}::${c.type}`).join(', ');
  return { sql: `(${keys}) > (${placeholders})`, params };
}

/** `ORDER BY` of a keyset. */
export function keysetOrder(columns: readonly KeysetColumn[]): string {
  return columns.map((c) => `${c.expression} ASC`).join(', ');
}

/** The keyset columns as text, to select beside the row (`__k0`, `__k1`, …) so that the cursor is exact. */
export function keysetSelect(columns: readonly KeysetColumn[]): string {
  return columns.map((c, i) => `${c.expression}::text AS __k${i}`).join(', ');
}

/**
 * Cuts a page from rows fetched with `limit + 1` and the `__k` columns of `keysetSelect`: the extra row only tells
 * that there is a next page.
 */
export function pageFromRows<Row extends Record<string, unknown>, T>(
  rows: Row[],
  columns: readonly KeysetColumn[],
  limit: number,
  mapper: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(columns.map((_c, i) => String(last[`__k${i}`]))) : null;
  return new Page(pageRows.map(mapper), nextCursor);
}

/** A keyset page of a TypeORM query builder over one entity (no joins that multiply rows). */
export async function paginate<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  request: PageRequest,
  columns: readonly KeysetColumn[] = createdKeyset(query.alias),
): Promise<Page<E>> {
  const limit = pageLimit(request);
  if (request.cursor) {
    const values = decodeCursor(request.cursor, columns);
    const keys = columns.map((c) => c.expression).join(', ');
    const placeholders = columns.map((c, i) => `CAST(:__cursor${i} AS ${c.type})`).join(', ');
    query.andWhere(
      `(${keys}) > (${placeholders})`,
      Object.fromEntries(values.map((value, i) => [`__cursor${i}`, value])),
    );
  }
  columns.forEach((c, i) => query.addSelect(`${c.expression}::text`, `__k${i}`));
  columns.forEach((c, i) => (i === 0 ? query.orderBy(c.expression, 'ASC') : query.addOrderBy(c.expression, 'ASC')));
  const { entities, raw } = await query.limit(limit + 1).getRawAndEntities<Record<string, unknown>>();
  const page = entities.slice(0, limit);
  const lastRaw = raw[page.length - 1];
  const nextCursor =
    entities.length > limit && lastRaw ? encodeCursor(columns.map((_c, i) => String(lastRaw[`__k${i}`]))) : null;
  return new Page(page, nextCursor);
}
