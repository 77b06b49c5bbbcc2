import { Client } from 'pg';

let sent = 0;
const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  sent += 1;
  return query.apply(this, args);
} as typeof Client.prototype.query;

/**
 * Counts the queries every pg client of this process sends, one round trip each (BEGIN and COMMIT included):
 * through TypeORM and straight from a pool client alike (named prepared statements bypass TypeORM's logger).
 * Read it around work that nothing else runs beside.
 */
export class RoundTripCounter {
  private readonly start = sent;

  get count(): number {
    return sent - this.start;
  }
}

/** Inserts generated rows in bulk: `unnest` of one array per column, 5000 rows per statement. */
export async function insertRows(
  client: Client,
  table: string,
  columns: string[],
  types: string[],
  rows: unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    const arrays = columns.map((_c, i) => chunk.map((row) => row[i]));
    const unnest = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}
