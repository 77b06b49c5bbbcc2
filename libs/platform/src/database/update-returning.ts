import type { EntityManager } from 'typeorm';

/** TypeORM answers an `UPDATE … RETURNING` with `[rows, affected]` rather than the rows: this gives the rows. */
export async function updateReturning<Row>(manager: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const [rows] = await manager.query<[Row[], number]>(sql, params);
  return rows;
}
