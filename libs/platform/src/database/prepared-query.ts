import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * Runs a statement the server prepares once per connection (a named statement): a read that many requests send
 * with the same text skips PostgreSQL's parse and plan after the first time, the biggest part of a small query's
 * cost. In a transaction it runs on the transaction's connection, so it sees what the transaction wrote. A failure
 * is a `QueryFailedError`, as from TypeORM, so a deadlock or a violated constraint answers as it would there.
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
  try {
    return (await runner.query<Row>({ name, text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

const dynamicNames = new Map<string, string>();

/**
 * The name of a statement whose text is put together at run time from a few variants (which optional parts a
 * write has): one name per distinct text, so each variant is prepared once per connection like a fixed statement.
 */
export function preparedStatementName(prefix: string, text: string): string {
  let name = dynamicNames.get(text);
  if (!name) {
    name = `${prefix}-${dynamicNames.size + 1}`;
    dynamicNames.set(text, name);
  }
  return name;
}

/** The parameters of a statement put together from parts: each part adds its values and writes their `$n`. */
export class StatementParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/**
 * Writes of one module that another module's statement runs first, as `name AS (…)` steps of its WITH clause: one
 * round trip for both (data-modifying WITH steps always run, to completion, whether or not anything reads them).
 */
export interface StatementSteps {
  steps: string[];
  parameters: StatementParameters;
}
