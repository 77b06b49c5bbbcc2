/**
 * What the platform costs per request: the API's routes (request ids, logs, the layer guard with JWT verification,
 * the token status and rate limit, validation, the handler and its queries, the public serializer) against a bare
 * Nest app answering static JSON, all in one run on one machine, with the database and Redis round trips each
 * request took. Every route is loaded for the same time with the same connections; the API app runs with request
 * logs off (LOG_LEVEL=silent), then, in a process of its own started afterwards with its own bare app, with them on
 * (info, to /dev/null), to show what logging costs. Each log configuration gets a process of its own as it would in
 * production: nestjs-pino keeps one request logger per process (a second app in the process logs through the
 * first app's silent one), and the AsyncLocalStorage that binds request logs hooks every promise of the process.
 * Not part of `npm test`: timings belong in benchmarks, never in test assertions.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 npm run bench:api
 *   BENCH_ONLY='internal GET /bom/:id' node --cpu-prof -r ts-node/register/transpile-only -r tsconfig-paths/register bench/api-overhead.bench.ts
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { grantRateLimit } from '@app/marketplace';
import { Transactions } from '@app/platform';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.setup';
import { DemoManufacturingData } from '../apps/api/src/demo/demo-manufacturing-data';
import { installApp } from '../test/support/marketplace';
import jwt from 'jsonwebtoken';
import type { SignedInUser } from '../test/support/identity';
import type { TestApp } from '../test/support/test-app';
import { RoundTripCounter } from './support/database';
import { withScratchDatabase } from './support/scratch-database';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARM_UP_SECONDS = 1;
/** `info` in the child process that measures the routes with request logs on; `silent` in the main one. */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';
const LOGS_ON = LOG_LEVEL !== 'silent';
/** The routes also measured with request logs on, and the prefix of their names there. */
const LOGGED_ROUTES = ['public GET /public/v1/me', 'internal GET /bom/:id'];
const LOGS_ON_PREFIX = 'logs on: ';
/** How the child process hands its measures to the main one: one line of JSON on its stdout. */
const CHILD_RESULTS_MARK = 'BENCH_RESULTS ';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class BareModule {}

/** Every database query and Redis command the process sends, counted where both clients send them. */
const databaseTrips = new RoundTripCounter();
let redisCommands = 0;
const redisSend = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof redisSend>) {
  redisCommands++;
  return redisSend.apply(this, args);
};

interface Result {
  name: string;
  /** Of the bare app's rate measured in the same process. */
  shareOfBare: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  databasePerRequest: number;
  redisPerRequest: number;
}

/** `CONNECTIONS` keep-alive connections, each sending its next request as soon as the last one is answered. */
type Load = Omit<Result, 'name' | 'shareOfBare'>;

async function load(port: number, path: string, headers: Record<string, string>, seconds: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let failures = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failures++;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end();
    });
  const before = { database: databaseTrips.count, redis: redisCommands };
  const started = performance.now();
  const until = started + seconds * 1000;
  const connection = async () => {
    while (performance.now() < until) await one();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const count = latencies.length;
  return {
    requestsPerSecond: Math.round(count / elapsed),
    p50: latencies[Math.floor(count * 0.5)],
    p99: latencies[Math.floor(count * 0.99)],
    failures,
    databasePerRequest: (databaseTrips.count - before.database) / count,
    redisPerRequest: (redisCommands - before.redis) / count,
  };
}

async function startApi(logLevel: string): Promise<{ app: NestExpressApplication; port: number }> {
  process.env.LOG_LEVEL = logLevel;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

function main(): Promise<void> {
  return withScratchDatabase('api', async ({ name: database, url }) => {
    Object.assign(process.env, {
      DATABASE_URL: url,
      LOG_FILE: '/dev/null',
      JWT_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SEED_DEMO: 'false',
      WEBHOOK_DISPATCHER_ENABLED: 'false',
      TRUST_PROXY_HOPS: '1',
      DATA_DIR: `/tmp/${database}`,
    });
    const bare = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
    await bare.listen(0, '127.0.0.1');
    const barePort = (bare.getHttpServer().address() as AddressInfo).port;
    const api = await startApi(LOG_LEVEL);
    const dataSource = api.app.get(DataSource);
    try {
      // A fresh tenant with the demo's manufacturing data (the three-level bicycle BOM); an app installed into it.
      const t = { http: () => request(api.app.getHttpServer()) } as unknown as TestApp;
      // From an address of its own: sign-up throttling counts per address, in the Redis other runs share.
      const registered = await t
        .http()
        .post('/auth/register')
        .set('X-Forwarded-For', `10.${randomBytes(3).join('.')}`)
        .send({
          email: `bench-${database}@example.com`,
          password: 'benchmark-password',
          name: 'Bench',
          orgName: 'B',
          entityName: 'P',
        })
        .expect(201);
      const session = registered.body as { accessToken: string; orgId: string; entityId: string };
      const user = {
        token: session.accessToken,
        userId: (jwt.decode(session.accessToken) as { sub: string }).sub,
        orgId: session.orgId,
        entityId: session.entityId,
      } as SignedInUser;
      await api.app.get(Transactions).run((unitOfWork) =>
        api.app.get(DemoManufacturingData).create(unitOfWork, {
          orgId: user.orgId,
          entityId: user.entityId,
          actor: { kind: 'user', userId: user.userId, role: 'owner' },
        }),
      );
      const [{ id: bomId }] = await dataSource.query<{ id: string }[]>(
        `SELECT id FROM boms WHERE code = 'BOM-BIKE-CITY' AND org_id = $1`,
        [user.orgId],
      );
      const installed = await installApp(t, user, ['bom:read']);
      // The operator's grant: the benchmark measures the path, not the 429s of the default 120 per minute.
      await grantRateLimit(dataSource, installed.clientId, { limit: 1_000_000_000, windowSeconds: 60 });

      const internal = { Authorization: `Bearer ${user.token}` };
      const publicAuth = { Authorization: `Bearer ${installed.accessToken}` };
      const tenantPath = `/public/v1/orgs/${user.orgId}/entities/${user.entityId}`;
      const allRoutes: { name: string; port: number; path: string; headers: Record<string, string> }[] = [
        { name: 'bare Nest hello', port: barePort, path: '/hello', headers: {} },
        { name: 'API GET /healthz (anonymous)', port: api.port, path: '/healthz', headers: {} },
        { name: 'public GET /public/v1/me', port: api.port, path: '/public/v1/me', headers: publicAuth },
        { name: 'public GET …/bom/:id', port: api.port, path: `${tenantPath}/bom/${bomId}`, headers: publicAuth },
        {
          name: 'public GET …/bom/:id/explosion?quantity=10',
          port: api.port,
          path: `${tenantPath}/bom/${bomId}/explosion?quantity=10`,
          headers: publicAuth,
        },
        { name: 'internal GET /auth/me', port: api.port, path: '/auth/me', headers: internal },
        { name: 'internal GET /bom/:id', port: api.port, path: `/bom/${bomId}`, headers: internal },
        {
          name: 'internal GET /bom/:id/explosion?quantity=10',
          port: api.port,
          path: `/bom/${bomId}/explosion?quantity=10`,
          headers: internal,
        },
      ];
      // BENCH_ONLY=<text>: the bare app and the routes whose name contains it (to profile one route).
      const only = process.env.BENCH_ONLY;
      const routes = allRoutes
        .filter((route, i) => i === 0 || !LOGS_ON || LOGGED_ROUTES.includes(route.name))
        .map((route, i) => (i > 0 && LOGS_ON ? { ...route, name: `${LOGS_ON_PREFIX}${route.name}` } : route))
        .filter((route, i) => i === 0 || !only || route.name.includes(only));
      // Warm-up: connections, JIT, the token-status cache.
      for (const route of routes) await load(route.port, route.path, route.headers, WARM_UP_SECONDS);
      const loads: Load[] = [];
      for (const route of routes) loads.push(await load(route.port, route.path, route.headers, SECONDS));
      const bareRate = loads[0].requestsPerSecond;
      const measured: Result[] = loads.map((measure, i) => ({
        ...measure,
        name: routes[i].name,
        shareOfBare: measure.requestsPerSecond / bareRate,
      }));
      if (LOGS_ON) {
        console.log(`${CHILD_RESULTS_MARK}${JSON.stringify(measured.slice(1))}`);
        return;
      }
      const results = [...measured, ...measureWithLogsOn(only)];
      console.log(
        `${SECONDS} s per route, ${CONNECTIONS} keep-alive connections, load generator and server in one process ` +
          `on one machine (logs-on rows: another process, against its own bare app); ` +
          `${process.env.REDIS_URL ? 'rate limits in Redis' : 'rate limits in memory (no REDIS_URL)'}`,
      );
      console.log(
        `${'route'.padEnd(46)} ${'req/s'.padStart(7)} ${'of bare'.padStart(8)}   p50 ms   p99 ms   db/req  redis/req  failures`,
      );
      for (const r of results) {
        console.log(
          `${r.name.padEnd(46)} ${String(r.requestsPerSecond).padStart(7)} ${`${(100 * r.shareOfBare).toFixed(1)} %`.padStart(8)}` +
            `   ${r.p50.toFixed(2).padStart(6)}   ${r.p99.toFixed(2).padStart(6)}   ${r.databasePerRequest.toFixed(2).padStart(6)}` +
            `  ${r.redisPerRequest.toFixed(2).padStart(9)}  ${String(r.failures).padStart(8)}`,
        );
      }
      // Each process against its own bare app, so the cost is the drop in the share of bare.
      const share = (name: string) => results.find((r) => r.name === name)?.shareOfBare;
      const loggingCost = (route: string) => {
        const on = share(`${LOGS_ON_PREFIX}${route}`);
        const off = share(route);
        return on === undefined || off === undefined ? 'not measured' : `${(100 * (1 - on / off)).toFixed(1)} %`;
      };
      console.log(
        `request logs cost ${loggingCost('public GET /public/v1/me')} of /public/v1/me, ` +
          `${loggingCost('internal GET /bom/:id')} of internal /bom/:id (share of bare, logs on against off)`,
      );
    } finally {
      await api.app.close();
      await bare.close();
    }
  });
}

/**
 * The logs-on rows: this bench again in a process of its own (after this one has finished loading, so the two never
 * share the machine), with its own bare app, scratch database and tenant.
 */
function measureWithLogsOn(only: string | undefined): Result[] {
  if (only && !LOGGED_ROUTES.some((route) => `${LOGS_ON_PREFIX}${route}`.includes(only))) return [];
  const child = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', __filename],
    {
      env: { ...process.env, BENCH_LOG_LEVEL: 'info' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = child.stdout.split('\n').find((text) => text.startsWith(CHILD_RESULTS_MARK));
  if (child.status !== 0 || !line) throw new Error(`The logs-on run failed (exit ${child.status}): ${child.stdout}`);
  return JSON.parse(line.slice(CHILD_RESULTS_MARK.length)) as Result[];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
