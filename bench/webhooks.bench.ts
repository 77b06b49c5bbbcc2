/**
 * Webhook delivery capacity: deliveries per second to a local receiver, and the latency from the commit of the
 * publishing transaction to the receiver getting the request (p50, p99), with one and with two server processes
 * on one database (the second one is the real server, `apps/api/src/main.ts`, started as a child process). The receiver answers after BENCH_RECEIVER_DELAY_MS, like a real endpoint that does
 * some work, so the measure is how well the dispatchers keep many requests in flight, not how fast loopback is.
 * Beside them, in the same run, a bare loop that signs and POSTs the same kind of body to the same receiver at the same
 * concurrency, with nothing else (no database): the bound the dispatcher is measured against. The per-subscription
 * and per-tenant caps are raised to what both processes claim (one subscription receives everything here),
 * so the measure is the dispatcher's own speed; the fairness tests check the caps.
 * Prints the numbers, the share of the bare loop, and the ratio of two instances to one. Not part of `npm test`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:webhooks
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Transactions } from '@app/platform';
import { EventOutbox } from '@app/webhooks';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/app.setup';
import { registerUser } from '../test/support/identity';
import { installApp } from '../test/support/marketplace';
import type { TestApp } from '../test/support/test-app';
import { withScratchDatabase } from './support/scratch-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3000);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 300);
const RECEIVER_DELAY_MS = Number(process.env.BENCH_RECEIVER_DELAY_MS ?? 20);
const CONCURRENCY = process.env.WEBHOOK_DISPATCH_CONCURRENCY ?? '16';
/** The load of the "below capacity" phase, as a share of the throughput just measured. */
const BELOW_CAPACITY_SHARE = 0.5;
const BELOW_CAPACITY_SECONDS = 3;

interface Receiver {
  url: string;
  arrivals: Map<number, number>;
  waitFor: (count: number) => Promise<void>;
  close: () => Promise<void>;
}

/** Records when each event (by its `data.seq`) first arrives; answers 204 after the configured delay. */
async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<number, number>();
  let waiter: { count: number; resolve: () => void } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const now = performance.now();
      const seq = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { seq: number } }).data.seq;
      if (!arrivals.has(seq)) arrivals.set(seq, now);
      if (waiter && arrivals.size >= waiter.count) waiter.resolve();
      setTimeout(() => res.writeHead(204).end(), RECEIVER_DELAY_MS);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    arrivals,
    waitFor: (count) =>
      arrivals.size >= count ? Promise.resolve() : new Promise((resolve) => (waiter = { count, resolve })),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Another server process on the same database: its dispatcher competes for the same deliveries. */
async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    { env: { ...env, PORT: '0', MIGRATIONS_RUN: 'false' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the second server process exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

interface Scenario {
  instances: number;
  deliveriesPerSecond: number;
  throughputP50: number;
  throughputP99: number;
  latencyP50: number;
  latencyP99: number;
  belowCapacityRate: number;
  belowCapacityP50: number;
  belowCapacityP99: number;
}

/**
 * The bound: `CONCURRENCY` loops, each signing a body (Standard Webhooks: HMAC-SHA256 of id.timestamp.body) and
 * POSTing it over a keep-alive connection to the receiver, awaiting the answer. Nothing else.
 */
async function bareSignedSends(receiver: Receiver, events: number): Promise<number> {
  const key = randomBytes(32);
  const agent = new Agent({ keepAlive: true, maxSockets: Number(CONCURRENCY) });
  const send = (seq: number) =>
    new Promise<void>((resolve, reject) => {
      const id = `evt_${seq}`;
      const timestamp = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({ id, type: 'bom.created', created_at: new Date().toISOString(), data: { seq } });
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      const req = httpRequest(receiver.url, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1,${signature}`,
        },
      });
      req.on('response', (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const loop = async () => {
    while (next < events) await send(10_000_000 + next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Number(CONCURRENCY) }, loop));
  agent.destroy();
  return Math.round(events / ((performance.now() - started) / 1000));
}

function runScenario(instances: number, receiver: Receiver): Promise<Scenario> {
  return withScratchDatabase('webhooks', async ({ name: database, url }) => {
    Object.assign(process.env, {
      DATABASE_URL: url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      SEED_DEMO: 'false',
      DATA_DIR: `/tmp/${database}`,
      WEBHOOK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_DISPATCH_CONCURRENCY: CONCURRENCY,
      // Capacity, not fairness, is measured here: one healthy subscription may use every slot of both processes.
      WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION: String(Number(CONCURRENCY) * 4),
      WEBHOOK_MAX_IN_FLIGHT_PER_TENANT: String(Number(CONCURRENCY) * 4),
    });
    const servers: ChildProcess[] = [];
    receiver.arrivals.clear();
    const first = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
      bodyParser: false,
      logger: false,
    });
    try {
      configureApp(first);
      await first.init();
      for (let i = 1; i < instances; i++) servers.push(await startServerProcess(process.env));
      // The test helpers only need an HTTP client of the app.
      const t = { http: () => request(first.getHttpServer()) } as unknown as TestApp;
      const user = await registerUser(t, 'bench');
      const installed = await installApp(t, user, ['webhook:create', 'bom:read']);
      await t
        .http()
        .post(`/public/v1/orgs/${user.orgId}/entities/${user.entityId}/webhooks`)
        .set('Authorization', `Bearer ${installed.accessToken}`)
        .send({ url: receiver.url, topics: ['bom.created'] })
        .expect(201);

      const transactions = first.get(Transactions);
      const outbox = first.get(EventOutbox);
      const commits = new Map<number, number>();
      const publish = async (from: number, count: number) => {
        await transactions.run(async (unitOfWork) => {
          for (let seq = from; seq < from + count; seq++) {
            await outbox.publish(unitOfWork, {
              type: 'bom.created',
              tenant: { orgId: user.orgId, entityId: user.entityId },
              data: { seq },
            });
          }
        });
        const committed = performance.now();
        for (let seq = from; seq < from + count; seq++) commits.set(seq, committed);
      };
      const latencies = (from: number, to: number) =>
        Array.from({ length: to - from }, (_v, i) => receiver.arrivals.get(from + i)! - commits.get(from + i)!).sort(
          (a, b) => a - b,
        );

      // Warm-up: connections, JIT.
      await publish(0, 100);
      await receiver.waitFor(100);

      // Throughput: every event committed in one transaction, timed from its commit to the last arrival, so the
      // measure is the dispatchers' alone (writing 3000 events in the same process and database would take its share).
      await publish(100, EVENTS);
      const started = commits.get(100)!;
      await receiver.waitFor(100 + EVENTS);
      const seconds = (Math.max(...[...receiver.arrivals.values()]) - started) / 1000;
      const saturated = latencies(100, 100 + EVENTS);

      // Latency: one event at a time, 10 ms apart, so no queue builds up.
      const base = 100 + EVENTS;
      for (let i = 0; i < LATENCY_EVENTS; i++) {
        await publish(base + i, 1);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await receiver.waitFor(base + LATENCY_EVENTS);
      const paced = latencies(base, base + LATENCY_EVENTS);

      // Below capacity: a steady share of the throughput just measured, published every 10 ms.
      const deliveriesPerSecond = Math.round(EVENTS / seconds);
      const perTick = Math.max(1, Math.round((deliveriesPerSecond * BELOW_CAPACITY_SHARE) / 100));
      const steadyFrom = base + LATENCY_EVENTS;
      let steadyTo = steadyFrom;
      const steadyUntil = performance.now() + BELOW_CAPACITY_SECONDS * 1000;
      while (performance.now() < steadyUntil) {
        const tick = performance.now();
        await publish(steadyTo, perTick);
        steadyTo += perTick;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (performance.now() - tick))));
      }
      await receiver.waitFor(steadyTo);
      const steady = latencies(steadyFrom, steadyTo);
      return {
        instances,
        deliveriesPerSecond,
        throughputP50: percentile(saturated, 0.5),
        throughputP99: percentile(saturated, 0.99),
        latencyP50: percentile(paced, 0.5),
        latencyP99: percentile(paced, 0.99),
        belowCapacityRate: perTick * 100,
        belowCapacityP50: percentile(steady, 0.5),
        belowCapacityP99: percentile(steady, 0.99),
      };
    } finally {
      for (const server of servers) await stopServerProcess(server);
      await first.close();
    }
  });
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  try {
    await bareSignedSends(receiver, 200); // warm-up
    const bare = await bareSignedSends(receiver, EVENTS);
    const one = await runScenario(1, receiver);
    const two = await runScenario(2, receiver);
    const bound = Math.round((Number(CONCURRENCY) * 1000) / RECEIVER_DELAY_MS);
    console.log(
      `${EVENTS} events to one subscription; receiver answers after ${RECEIVER_DELAY_MS} ms; ` +
        `${CONCURRENCY} concurrent deliveries per server process (bound ${bound}/s per process); ` +
        `load generator, receiver and servers on one machine (2 cores)`,
    );
    console.log(`bare signed-send loop, ${CONCURRENCY} concurrent  ${String(bare).padStart(6)} deliveries/s`);
    for (const r of [one, two]) {
      console.log(
        `${r.instances} server process${r.instances > 1 ? 'es' : '  '}  ${String(r.deliveriesPerSecond).padStart(6)} deliveries/s ` +
          `(${((100 * r.deliveriesPerSecond) / bare).toFixed(0)} % of the bare loop, ` +
          `${((100 * r.deliveriesPerSecond) / (bound * r.instances)).toFixed(0)} % of the bound)   ` +
          `commit→delivery saturated p50 ${r.throughputP50.toFixed(0)} ms p99 ${r.throughputP99.toFixed(0)} ms   ` +
          `at ${r.belowCapacityRate}/s p50 ${r.belowCapacityP50.toFixed(1)} ms p99 ${r.belowCapacityP99.toFixed(1)} ms   ` +
          `unloaded p50 ${r.latencyP50.toFixed(1)} ms p99 ${r.latencyP99.toFixed(1)} ms`,
      );
    }
    console.log(
      `ratio two ÷ one: ${(two.deliveriesPerSecond / one.deliveriesPerSecond).toFixed(2)} of the throughput, ` +
        `unloaded p50 latency ${(two.latencyP50 / one.latencyP50).toFixed(2)}×`,
    );
  } finally {
    await receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
