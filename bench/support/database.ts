import type { Client } from 'pg';
import { AbstractLogger } from 'typeorm';

/** Counts every query a DataSource sends: one round trip each (BEGIN and COMMIT included). */
export class RoundTripCounter extends AbstractLogger {
  count = 0;

  override logQuery(): void {
    this.count += 1;
  }

  protected writeLog(): void {}
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
