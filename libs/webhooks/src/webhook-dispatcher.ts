import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfig, SecretBox, Transactions, updateReturning } from '@app/platform';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { DELIVERIES_CHANNEL } from './dispatch-channel';
import { installScopesExpression, liveInstallCondition } from '@app/marketplace';
import { subscriptionInstall } from './installs';
import { retryDelayMs } from './retry-schedule';
import { signatureHeader } from './signing';
import { readScopeOfEvent } from './topics';
import { ATTEMPT_RETENTION } from './webhook-subscriptions.service';
import { DeliveryResponse, postWebhook } from './webhook-sender';
import { checkWebhookUrl, UnsafeWebhookUrlError } from './url-guard';

/**
 * A claim hides a delivery from other dispatchers for this long. It is well past the 15 s an attempt may take, so a
 * live instance never loses its claim; a dead one's deliveries simply become due again when it runs out.
 */
const LEASE_SECONDS = 60;
/** On shutdown, attempts under way get this long to finish; the rest are aborted and handed back. */
const SHUTDOWN_GRACE_MS = 5_000;
/** A subscription whose attempts have all failed for this long is disabled. */
const FAILING_DISABLE_AFTER = '5 days';
const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_BATCH = 10_000;

interface ClaimedDelivery {
  id: string;
  claim_token: string;
  attempts: number;
  org_id: string;
  entity_id: string;
  event_id: string;
  subscription_id: string;
  type: string;
  data: unknown;
  event_created_at: Date;
  install_id: string;
  url: string;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_live: boolean;
  subscription_live: boolean;
  /** The scopes the install holds now; null when the install row is gone. */
  install_scopes: string[] | null;
}

interface InFlight {
  abort: AbortController;
  done: Promise<void>;
}

interface PendingSuccess {
  delivery: ClaimedDelivery;
  response: DeliveryResponse;
  written: { resolve: () => void; reject: (error: unknown) => void };
}

const INSERT_ATTEMPT = `
  INSERT INTO webhook_attempts (org_id, entity_id, subscription_id, delivery_id, event_id, topic, attempt, status,
    status_code, duration_ms, error)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

function attemptValues(delivery: ClaimedDelivery, response: DeliveryResponse): unknown[] {
  return [
    delivery.org_id,
    delivery.entity_id,
    delivery.subscription_id,
    delivery.id,
    delivery.event_id,
    delivery.type,
    delivery.attempts + 1,
    response.error ? 'failed' : 'succeeded',
    response.statusCode ?? null,
    response.durationMs,
    response.error ?? null,
  ];
}

/** Whether the install still holds the read scope of the event's resource (retries can come days later). */
function installMayReceive(delivery: ClaimedDelivery): boolean {
  const required = readScopeOfEvent(delivery.type);
  return required === undefined || (delivery.install_scopes ?? []).includes(required);
}

/**
 * Runs in every instance. It claims due deliveries with `FOR UPDATE SKIP LOCKED` (instances share the work and
 * never claim one delivery twice), sends them through a bounded pool, records each attempt and schedules the next.
 * It wakes on the NOTIFY of a committed event and polls as well, so nothing depends on the notification arriving.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Every claimed delivery until its attempt is recorded (shutdown waits for these, or aborts them). */
  private readonly inFlight = new Map<string, InFlight>();
  /** Deliveries whose request is under way: the slots of `WEBHOOK_DISPATCH_CONCURRENCY` they hold. */
  private sending = 0;
  /**
   * Claimed ahead, up to one more slot's worth each: a freed slot starts the next delivery at once instead of waiting
   * for a claim query. They are claimed rows, so the per-subscription and per-tenant caps count them as in flight.
   */
  private ready: ClaimedDelivery[] = [];
  /** Successes waiting to be written, and the write under way: many go in one statement. */
  private successes: PendingSuccess[] = [];
  private writingSuccesses = false;
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private pollAgain = false;
  private stopping = false;
  private lastPruneAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('WEBHOOK_DISPATCHER_ENABLED')) return;
    await this.listen();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.polling;
    await this.handBack(this.ready.splice(0));
    const pending = [...this.inFlight.values()];
    const graceful = await Promise.race([
      Promise.all(pending.map((flight) => flight.done)).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref()),
    ]);
    if (!graceful) {
      for (const flight of this.inFlight.values()) flight.abort.abort();
      await Promise.all([...this.inFlight.values()].map((flight) => flight.done));
    }
  }

  /** Looks for due deliveries now (a poll already under way looks once more when it ends). */
  wake(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      if (this.stopping) return;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), this.config.get('WEBHOOK_DISPATCH_INTERVAL_MS'));
      }
    });
  }

  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    const client = new Client({ connectionString: url, application_name: 'hellobooks-webhooks' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // Polling keeps deliveries moving; the notification only shortens the wait.
      this.logger.warn(`Webhook notification channel lost: ${error.message}`);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DELIVERIES_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`Webhook notifications unavailable, polling only: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
    }
  }

  private async poll(): Promise<void> {
    try {
      const want = 2 * this.config.get('WEBHOOK_DISPATCH_CONCURRENCY') - this.sending - this.ready.length;
      if (want > 0) {
        const claimed = await this.claim(want);
        if (this.stopping) {
          await this.handBack(claimed);
          return;
        }
        this.ready.push(...claimed);
        this.startReady();
      }
      if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
        this.lastPruneAt = Date.now();
        await this.pruneExpired();
      }
    } catch (error) {
      this.logger.error(`Webhook dispatch failed: ${(error as Error).message}`);
    }
  }

  private startReady(): void {
    const concurrency = this.config.get('WEBHOOK_DISPATCH_CONCURRENCY');
    while (this.sending < concurrency && this.ready.length > 0) this.start(this.ready.shift()!);
  }

  /** Claimed deliveries that will not be sent here (shutting down): due at once, for this or another instance. */
  private async handBack(deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries d SET next_attempt_at = clock_timestamp(), claim_token = NULL, claimed_by = NULL
       FROM unnest($1::uuid[], $2::uuid[]) AS c(id, claim_token)
       WHERE d.id = c.id AND d.claim_token = c.claim_token`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.claim_token)],
    );
  }

  private start(delivery: ClaimedDelivery): void {
    const abort = new AbortController();
    this.sending++;
    let holdsSlot = true;
    // The slot is free as soon as the answer is in: the row stays claimed (leased) until the attempt is recorded, so
    // no dispatcher takes it again meanwhile, and the next delivery need not wait for that write.
    const releaseSlot = () => {
      if (!holdsSlot) return;
      holdsSlot = false;
      this.sending--;
      this.startReady();
      // More may be due, or be let through by the caps now: each finished delivery looks for the next ones.
      this.wake();
    };
    const done = this.deliver(delivery, abort.signal, releaseSlot)
      .catch((error: unknown) =>
        this.logger.error(`Webhook delivery ${delivery.id} failed: ${(error as Error).message}`),
      )
      .finally(() => {
        this.inFlight.delete(delivery.id);
        releaseSlot();
      });
    this.inFlight.set(delivery.id, { abort, done });
  }

  /**
   * Claims up to `limit` due deliveries, oldest first, but never more in flight (across every instance: claimed
   * rows whose lease runs) than `WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION` for one subscription or
   * `WEBHOOK_MAX_IN_FLIGHT_PER_TENANT` for one tenant: an endpoint that hangs holds a few slots, never all of them,
   * and the backlog behind it is passed over rather than waited for. `now()` rather than `clock_timestamp()` bounds
   * the scan of the due index: retries waiting for later stay unread.
   */
  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    return updateReturning<ClaimedDelivery>(
      this.dataSource.manager,
      `WITH in_flight AS (
         SELECT subscription_id, org_id, entity_id FROM webhook_deliveries
         WHERE status = 'pending' AND claim_token IS NOT NULL AND next_attempt_at > now()
       ),
       busy_subscription AS (SELECT subscription_id, count(*) AS n FROM in_flight GROUP BY subscription_id),
       busy_tenant AS (SELECT org_id, entity_id, count(*) AS n FROM in_flight GROUP BY org_id, entity_id),
       candidate AS (
         SELECT d.id, d.subscription_id, d.org_id, d.entity_id, d.next_attempt_at,
                coalesce(bs.n, 0) AS subscription_busy, coalesce(bt.n, 0) AS tenant_busy
         FROM webhook_deliveries d
         LEFT JOIN busy_subscription bs ON bs.subscription_id = d.subscription_id
         LEFT JOIN busy_tenant bt ON bt.org_id = d.org_id AND bt.entity_id = d.entity_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND coalesce(bs.n, 0) < $4 AND coalesce(bt.n, 0) < $5
         ORDER BY d.next_attempt_at LIMIT $1 * 4
       ),
       within_caps AS (
         SELECT id FROM (
           SELECT id,
                  subscription_busy + row_number() OVER (PARTITION BY subscription_id ORDER BY next_attempt_at)
                    AS subscription_rank,
                  tenant_busy + row_number() OVER (PARTITION BY org_id, entity_id ORDER BY next_attempt_at)
                    AS tenant_rank
           FROM candidate
         ) ranked
         WHERE subscription_rank <= $4 AND tenant_rank <= $5
       ),
       due AS (
         SELECT id FROM webhook_deliveries
         WHERE id IN (SELECT id FROM within_caps) AND status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
       SET next_attempt_at = clock_timestamp() + make_interval(secs => $2), claim_token = gen_random_uuid(),
           claimed_by = $3
       FROM due, webhook_events e, webhook_subscriptions s
       WHERE d.id = due.id AND e.id = d.event_id AND s.id = d.subscription_id
       RETURNING d.id, d.claim_token, d.attempts, d.org_id, d.entity_id, d.event_id, d.subscription_id,
         e.type, e.data, e.created_at AS event_created_at, s.install_id, s.url, s.secret_ciphertext,
         s.previous_secret_ciphertext,
         coalesce(s.previous_secret_expires_at > clock_timestamp(), false) AS previous_secret_live,
         (s.deleted_at IS NULL AND s.status = 'active' AND ${liveInstallCondition(subscriptionInstall('s'))}) AS subscription_live,
         ${installScopesExpression(subscriptionInstall('s'))} AS install_scopes`,
      [
        limit,
        LEASE_SECONDS,
        this.instanceId,
        this.config.get('WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION'),
        this.config.get('WEBHOOK_MAX_IN_FLIGHT_PER_TENANT'),
      ],
    );
  }

  private async deliver(delivery: ClaimedDelivery, signal: AbortSignal, releaseSlot: () => void): Promise<void> {
    if (!delivery.subscription_live || !installMayReceive(delivery)) {
      // Deleted, disabled, uninstalled or approved again without the topic's read scope since the event was
      // written: nothing more is sent.
      await this.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'cancelled', completed_at = clock_timestamp(), claim_token = NULL
         WHERE id = $1 AND claim_token = $2`,
        [delivery.id, delivery.claim_token],
      );
      return;
    }
    const body = JSON.stringify({
      id: delivery.event_id,
      type: delivery.type,
      created_at: new Date(delivery.event_created_at).toISOString(),
      org_id: delivery.org_id,
      entity_id: delivery.entity_id,
      install_id: delivery.install_id,
      data: delivery.data,
    });
    const response = await this.send(delivery, body, signal);
    releaseSlot();
    if (signal.aborted) {
      // Shutting down: hand the delivery back, due at once, for this or another instance to send.
      await this.handBack([delivery]);
      return;
    }
    if (response.error) {
      await this.transactions.run(({ manager }) => this.recordFailure(manager, delivery, response));
    } else {
      await this.recordSuccess(delivery, response);
    }
  }

  private async send(delivery: ClaimedDelivery, body: string, signal: AbortSignal): Promise<DeliveryResponse> {
    let target;
    try {
      // Checked again at every attempt: the host may resolve elsewhere now than when the subscription was made.
      target = await checkWebhookUrl(delivery.url, { allowPrivate: this.config.get('WEBHOOKS_ALLOW_PRIVATE_URLS') });
    } catch (error) {
      if (error instanceof UnsafeWebhookUrlError) return { error: error.message, durationMs: 0 };
      throw error;
    }
    const secrets = [this.secrets.open(delivery.secret_ciphertext)];
    if (delivery.previous_secret_live && delivery.previous_secret_ciphertext) {
      secrets.push(this.secrets.open(delivery.previous_secret_ciphertext));
    }
    // A fresh timestamp and signature per attempt; the id stays the event's so receivers can dedupe.
    const timestamp = Math.floor(Date.now() / 1000);
    return postWebhook({
      target,
      body,
      signal,
      headers: {
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, delivery.event_id, timestamp, body),
      },
    });
  }

  /** Queues the success for the next batched write and resolves once it is written. */
  private recordSuccess(delivery: ClaimedDelivery, response: DeliveryResponse): Promise<void> {
    return new Promise((resolve, reject) => {
      this.successes.push({ delivery, response, written: { resolve, reject } });
      void this.writeSuccesses();
    });
  }

  /**
   * Writes every queued success in one statement, so one round trip however many finished meanwhile: the attempts,
   * the finished deliveries, and the failure streaks reset (only where there is one, so that concurrent successes
   * never queue for a subscription's row lock). One write at a time; what arrives during it goes in the next.
   */
  private async writeSuccesses(): Promise<void> {
    if (this.writingSuccesses || this.successes.length === 0) return;
    this.writingSuccesses = true;
    const batch = this.successes;
    this.successes = [];
    const column = (index: number) => batch.map(({ delivery, response }) => attemptValues(delivery, response)[index]);
    try {
      await this.dataSource.query(
        `WITH succeeded AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::int[],
                                $8::int[], $9::int[], $10::uuid[])
             AS s(org_id, entity_id, subscription_id, delivery_id, event_id, topic, attempt, status_code, duration_ms,
                  claim_token)
         ),
         attempt AS (
           INSERT INTO webhook_attempts (org_id, entity_id, subscription_id, delivery_id, event_id, topic, attempt,
             status, status_code, duration_ms)
           SELECT org_id, entity_id, subscription_id, delivery_id, event_id, topic, attempt, 'succeeded', status_code,
                  duration_ms
           FROM succeeded
         ),
         finished AS (
           UPDATE webhook_deliveries d
           SET status = 'succeeded', attempts = d.attempts + 1, completed_at = clock_timestamp(), claim_token = NULL
           FROM succeeded s
           WHERE d.id = s.delivery_id AND d.claim_token = s.claim_token
         )
         UPDATE webhook_subscriptions SET consecutive_failures = 0, failing_since = NULL
         WHERE id IN (SELECT subscription_id FROM succeeded)
           AND (consecutive_failures <> 0 OR failing_since IS NOT NULL)`,
        [...[0, 1, 2, 3, 4, 5, 6].map(column), column(8), column(9), batch.map(({ delivery }) => delivery.claim_token)],
      );
      batch.forEach(({ written }) => written.resolve());
    } catch (error) {
      batch.forEach(({ written }) => written.reject(error));
    } finally {
      this.writingSuccesses = false;
      void this.writeSuccesses();
    }
  }

  private async recordFailure(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    response: DeliveryResponse,
  ): Promise<void> {
    const attempt = delivery.attempts + 1;
    await manager.query(INSERT_ATTEMPT, attemptValues(delivery, response));
    const [subscription] = await updateReturning<{ failing_too_long: boolean }>(
      manager,
      `UPDATE webhook_subscriptions
       SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, clock_timestamp())
       WHERE id = $1
       RETURNING failing_since <= clock_timestamp() - interval '${FAILING_DISABLE_AFTER}' AS failing_too_long`,
      [delivery.subscription_id],
    );
    if (response.statusCode === 410) {
      await this.failDelivery(manager, delivery);
      await this.disable(manager, delivery.subscription_id, 'The endpoint answered 410 Gone.');
      return;
    }
    if (subscription?.failing_too_long) {
      await this.failDelivery(manager, delivery);
      await this.disable(manager, delivery.subscription_id, 'Every delivery failed for 5 days.');
      return;
    }
    const delay = retryDelayMs(attempt, response);
    if (delay === undefined) {
      await this.failDelivery(manager, delivery);
      return;
    }
    await manager.query(
      `UPDATE webhook_deliveries
       SET attempts = $3, next_attempt_at = clock_timestamp() + make_interval(secs => $4), claim_token = NULL,
           claimed_by = NULL
       WHERE id = $1 AND claim_token = $2`,
      [delivery.id, delivery.claim_token, attempt, delay / 1000],
    );
  }

  private async failDelivery(manager: EntityManager, delivery: ClaimedDelivery): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries
       SET status = 'failed', attempts = attempts + 1, completed_at = clock_timestamp(), claim_token = NULL
       WHERE id = $1 AND claim_token = $2`,
      [delivery.id, delivery.claim_token],
    );
  }

  private async disable(manager: EntityManager, subscriptionId: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = $2, updated_at = clock_timestamp()
       WHERE id = $1`,
      [subscriptionId, reason],
    );
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'cancelled', completed_at = clock_timestamp(), claim_token = NULL
       WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId],
    );
  }

  /** Attempts older than 30 days go, then the finished deliveries and events that nothing refers to any more. */
  async pruneExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webhook_attempts WHERE id IN (
         SELECT id FROM webhook_attempts WHERE attempted_at < clock_timestamp() - interval '${ATTEMPT_RETENTION}'
         LIMIT ${PRUNE_BATCH})`,
    );
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries d WHERE d.id IN (
         SELECT id FROM webhook_deliveries
         WHERE status <> 'pending' AND completed_at < clock_timestamp() - interval '${ATTEMPT_RETENTION}'
         LIMIT ${PRUNE_BATCH})
       AND NOT EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = d.id)`,
    );
    await this.dataSource.query(
      `DELETE FROM webhook_events e WHERE e.id IN (
         SELECT id FROM webhook_events WHERE created_at < clock_timestamp() - interval '${ATTEMPT_RETENTION}'
         LIMIT ${PRUNE_BATCH})
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`,
    );
  }
}
