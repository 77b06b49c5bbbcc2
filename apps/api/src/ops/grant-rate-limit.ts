import 'reflect-metadata';
import { grantRateLimit } from '@app/marketplace';
import { DataSource } from 'typeorm';

/*
 * The operator's command for an app's rate limit above the default (API.md §4: never the app owner's act):
 *   npm run ops:rate-limit -- <client_id> <limit> <windowSeconds>   grants it, e.g. hbc_… 1000 60
 *   npm run ops:rate-limit -- <client_id> default                   takes the grant back
 * against the database in DATABASE_URL. Every instance applies it from the next request on.
 */
const USAGE = 'usage: npm run ops:rate-limit -- <client_id> <limit> <windowSeconds> | <client_id> default';

function parseGrant(args: string[]): { clientId: string; grant: { limit: number; windowSeconds: number } | null } {
  const [clientId, limit, windowSeconds] = args;
  if (clientId && limit === 'default' && windowSeconds === undefined) return { clientId, grant: null };
  const numbers = [Number(limit), Number(windowSeconds)];
  if (!clientId || args.length !== 3 || !numbers.every((n) => Number.isInteger(n) && n > 0)) throw new Error(USAGE);
  return { clientId, grant: { limit: numbers[0], windowSeconds: numbers[1] } };
}

async function main(): Promise<void> {
  const { clientId, grant } = parseGrant(process.argv.slice(2));
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to the database of the server.');
  const dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  try {
    if (!(await grantRateLimit(dataSource, clientId, grant))) throw new Error(`No app has the client id ${clientId}.`);
    console.log(
      grant
        ? `${clientId} may now make up to ${grant.limit} requests per ${grant.windowSeconds} s per install.`
        : `${clientId} is back to the default limit.`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // exit() rather than exitCode: the platform's exit hooks (embedded database) would end the process with 0.
  process.exit(1);
});
