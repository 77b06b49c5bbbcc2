import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase } from '@app/platform';
import { waitUntil } from './support/wait';

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(text)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number {
  return Number.parseInt(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0], 10);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded PostgreSQL that `npm start` runs when DATABASE_URL is unset. */
describe('embedded PostgreSQL', () => {
  let dataDir: string;
  const log: string[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hellobooks-embedded-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('initialises once, keeps data across restarts, recovers after the postmaster is killed', async () => {
    const first = await EmbeddedDatabase.start({ dataDir, port: 0, log: (m) => log.push(m) });
    expect(first.port).not.toBe(5432);
    await query(first.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$still here$$)');
    await first.stop();
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await EmbeddedDatabase.start({ dataDir, port: 0, log: (m) => log.push(m) });
    expect(log.filter((m) => m.startsWith('Initialising')).length).toBe(1);
    expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);

    // A crash: the postmaster dies without a clean shutdown and leaves its pid file behind.
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await waitUntil(() => !isAlive(pid), 'postmaster gone');
    await second.stop(); // must not hang on the dead postmaster
    const third = await EmbeddedDatabase.start({ dataDir, port: 0, log: (m) => log.push(m) });
    expect(await query(third.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    await third.stop();
    expect(isAlive(pid)).toBe(false);
  }, 120000);

  it('takes over a cluster whose server process died and left the postmaster running', async () => {
    const orphaned = await EmbeddedDatabase.start({ dataDir, port: 0, log: (m) => log.push(m) });
    const pid = postmasterPid(dataDir);
    // Another start on the same directory, as after `kill -9` of the node process that owned the postmaster.
    const next = await EmbeddedDatabase.start({ dataDir, port: 0, log: (m) => log.push(m) });
    expect(log.some((m) => m.includes(`pid ${pid}`) && m.includes('left running'))).toBe(true);
    expect(isAlive(pid)).toBe(false);
    expect(await query(next.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    await next.stop();
    await orphaned.stop();
    expect(execFileSync('ps', ['-eo', 'args']).toString()).not.toContain(join(dataDir, 'postgres'));
  }, 120000);
});
