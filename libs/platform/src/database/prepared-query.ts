import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs a statement the server prepares once per connection (a named statement): a read that many requests send
 * with the same text skips PostgreSQL's parse and plan after the first time, the biggest part of a small query's
 * cost. In a transaction it runs on the transaction's connection, so it sees what the transaction wrote.
 */
export async function preparedQuery<Row extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  // TypeORM's Postgres query runner holds the transaction's pg client (its QueryRunner interface does not say so).
  const transaction = manager.queryRunner?.isTransactionActive
    ? (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection
    : undefined;
  const runner = transaction ?? (manager.connection.driver as unknown as { master: Pool }).master;
  return (await runner.query<Row>({ name, text, values })).rows;
}
