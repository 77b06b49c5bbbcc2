/**
 * What the platform costs per request: the full API (request ids, JSON logs, the layer guard with JWT verification,
 * validation, the error filter) against a bare Nest app answering the same JSON, in one process on one machine.
 * Prints requests per second and latency percentiles of each, and their ratio.
 * Not part of `npm test`: timings belong in benchmarks, never in test assertions.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:api
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.setup';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

@Controller()
class BareController {
  @Get('auth/me')
  me() {
    return { user: { id: 'u', email: 'bench@example.com', name: 'Bench' }, orgId: 'o', entityId: 'e', role: 'owner' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

interface Result {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(port: number, path: string, headers: Record<string, string>): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failures++;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          resolve();
        });
      });
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (next++ < REQUESTS) await one();
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(REQUESTS / seconds),
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    failures,
  };
}

async function listen(app: NestExpressApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL: the benchmark creates and drops a database of its own there.');
  const database = `hb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    // Request logs would flood the terminal; LOG_LEVEL=info measures them too (pipe stdout away).
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    JWT_SECRET: randomBytes(32).toString('hex'),
    WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO: 'false',
    DATA_DIR: `/tmp/${database}`,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  const bare = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  try {
    const apiPort = await listen(app);
    const barePort = await listen(bare);
    const session = await fetch(`http://127.0.0.1:${apiPort}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'bench@example.com',
        password: 'benchmark-password',
        name: 'Bench',
        orgName: 'B',
        entityName: 'P',
      }),
    }).then((res) => res.json() as Promise<{ accessToken: string }>);
    const auth = { Authorization: `Bearer ${session.accessToken}` };
    await load(apiPort, '/auth/me', auth); // warm-up
    await load(barePort, '/auth/me', {});
    const bareResult = await load(barePort, '/auth/me', {});
    const apiHealth = await load(apiPort, '/healthz', {});
    const apiResult = await load(apiPort, '/auth/me', auth);
    const row = (name: string, r: Result) =>
      `${name.padEnd(42)} ${String(r.requestsPerSecond).padStart(7)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   failures ${r.failures}`;
    console.log(`${REQUESTS} requests, ${CONCURRENCY} concurrent, one process`);
    console.log(row('bare Nest app, GET /auth/me (static JSON)', bareResult));
    console.log(row('API, GET /healthz (anonymous)', apiHealth));
    console.log(row('API, GET /auth/me (JWT + 2 queries)', apiResult));
    console.log(
      `ratio API /auth/me ÷ bare: ${(apiResult.requestsPerSecond / bareResult.requestsPerSecond).toFixed(2)} of the throughput`,
    );
    console.log(
      `ratio API /healthz ÷ bare: ${(apiHealth.requestsPerSecond / bareResult.requestsPerSecond).toFixed(2)} of the throughput`,
    );
  } finally {
    await app.close();
    await bare.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
