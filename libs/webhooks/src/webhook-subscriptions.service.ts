import { Injectable } from '@nestjs/common';
import {
  ApiError,
  AppConfig,
  decodeCursor,
  encodeCursor,
  KeysetColumn,
  Page,
  SecretBox,
  TenantContext,
  Transactions,
  updateReturning,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { notifyDispatchers } from './dispatch-channel';
import { liveInstallCondition } from '@app/marketplace';
import { subscriptionInstall } from './installs';
import { generateSigningSecret } from './signing';
import {
  QueuedDelivery,
  SubscriptionHealth,
  WebhookAttempt,
  WebhookSubscription,
  WebhookSubscriptionWithSecret,
} from './subscription.model';
import { PING_EVENT_TYPE, readScopeOfEvent, readScopeOfTopic, WebhookTopic } from './topics';
import { checkWebhookUrl, UnsafeWebhookUrlError } from './url-guard';

export interface CreateSubscriptionInput {
  url: string;
  topics: WebhookTopic[];
  description?: string;
}

export interface AttemptsPageRequest {
  limit?: number;
  cursor?: string;
}

/** How long the previous secret keeps signing after a rotation, so receivers can switch without losing deliveries. */
const ROTATION_OVERLAP = '24 hours';
/** The deliveries log, and the attempts kept at all. */
export const ATTEMPT_RETENTION = '30 days';
/** Live (not deleted) subscriptions one install may hold, as Stripe allows 16 endpoints: beyond, `422`. */
export const MAX_SUBSCRIPTIONS_PER_INSTALL = 16;

interface SubscriptionRow {
  id: string;
  install_id: string;
  url: string;
  topics: WebhookTopic[];
  description: string | null;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  created_at: Date;
  consecutive_failures: number;
  deliveries_24h: string | null;
  failures_24h: string | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
}

interface AttemptRow {
  id: string;
  delivery_id: string;
  event_id: string;
  topic: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  attempted_at: Date;
  cursor_time: string;
}

/**
 * Each subscription with its health, read from the attempts of its last 24 hours and its latest attempts; every
 * lateral subquery is a range scan of an index on (subscription, attempted_at). The time bounds use now(), not
 * clock_timestamp(): only a stable expression can bound an index scan.
 */
const SUBSCRIPTION_SELECT = `
  SELECT s.id, s.install_id, s.url, s.topics, s.description, s.status, s.disabled_reason, s.created_at,
         s.consecutive_failures, day.deliveries_24h, day.failures_24h,
         latest.attempted_at AS last_attempt_at, latest.status_code AS last_status_code, latest.error AS last_error,
         success.attempted_at AS last_success_at, failure.attempted_at AS last_failure_at
  FROM webhook_subscriptions s
  LEFT JOIN LATERAL (
    SELECT count(*) AS deliveries_24h, count(*) FILTER (WHERE a.status = 'failed') AS failures_24h
    FROM webhook_attempts a
    WHERE a.org_id = s.org_id AND a.entity_id = s.entity_id AND a.subscription_id = s.id
      AND a.attempted_at > now() - interval '24 hours'
  ) day ON true
  LEFT JOIN LATERAL (
    SELECT a.attempted_at, a.status_code, a.error FROM webhook_attempts a
    WHERE a.org_id = s.org_id AND a.entity_id = s.entity_id AND a.subscription_id = s.id
    ORDER BY a.attempted_at DESC LIMIT 1
  ) latest ON true
  LEFT JOIN LATERAL (
    SELECT a.attempted_at FROM webhook_attempts a
    WHERE a.subscription_id = s.id AND a.status = 'succeeded' ORDER BY a.attempted_at DESC LIMIT 1
  ) success ON true
  LEFT JOIN LATERAL (
    SELECT a.attempted_at FROM webhook_attempts a
    WHERE a.subscription_id = s.id AND a.status = 'failed' ORDER BY a.attempted_at DESC LIMIT 1
  ) failure ON true
  WHERE s.org_id = $1 AND s.entity_id = $2 AND s.install_id = $3 AND s.deleted_at IS NULL`;

const ATTEMPT_KEYSET: KeysetColumn[] = [
  { expression: 'a.attempted_at', type: 'timestamptz' },
  { expression: 'a.id', type: 'uuid' },
];

function healthOf(row: SubscriptionRow): SubscriptionHealth {
  const deliveries = Number(row.deliveries_24h ?? 0);
  const failures = Number(row.failures_24h ?? 0);
  return {
    deliveries_24h: deliveries,
    failures_24h: failures,
    success_rate_24h: deliveries ? Math.round(((deliveries - failures) / deliveries) * 10000) / 10000 : null,
    consecutiveFailures: row.consecutive_failures,
    lastAttemptAt: row.last_attempt_at,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
  };
}

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return Object.assign(new WebhookSubscription(), {
    id: row.id,
    url: row.url,
    topics: row.topics,
    description: row.description,
    status: row.status,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
    health: healthOf(row),
    installId: row.install_id,
  });
}

function toAttempt(row: AttemptRow): WebhookAttempt {
  return Object.assign(new WebhookAttempt(), {
    id: row.id,
    deliveryId: row.delivery_id,
    eventId: row.event_id,
    topic: row.topic,
    attempt: row.attempt,
    status: row.status,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
    attemptedAt: row.attempted_at,
  });
}

/** Subscriptions belong to the install of the app that created them; only that install sees or changes them. */
function installOf(tenant: TenantContext): string {
  if (tenant.actor.kind !== 'app') throw ApiError.forbidden('Webhook subscriptions belong to an installed app.');
  return tenant.actor.installId;
}

function grantedScopes(tenant: TenantContext): readonly string[] {
  return tenant.actor.kind === 'app' ? tenant.actor.scopes : [];
}

function insufficientScope(required: string[]): ApiError {
  return ApiError.insufficientScope(required, 'Events of these topics require');
}

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  async create(tenant: TenantContext, input: CreateSubscriptionInput): Promise<WebhookSubscriptionWithSecret> {
    const installId = installOf(tenant);
    const granted = grantedScopes(tenant);
    const missing = [...new Set(input.topics.map(readScopeOfTopic))].filter((scope) => !granted.includes(scope));
    if (missing.length) throw insufficientScope(missing);
    await this.checkUrl(input.url);
    const signingSecret = generateSigningSecret();
    const id = await this.transactions.run(async ({ manager }) => {
      // One install's creations queue here, so two at once cannot both take the last place.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-subscriptions'), hashtext($1))`, [installId]);
      const [{ live }] = await manager.query<{ live: number }[]>(
        `SELECT count(*)::int AS live FROM webhook_subscriptions
         WHERE org_id = $1 AND entity_id = $2 AND install_id = $3 AND deleted_at IS NULL`,
        [tenant.orgId, tenant.entityId, installId],
      );
      if (live >= MAX_SUBSCRIPTIONS_PER_INSTALL) {
        throw ApiError.unprocessable(
          `An install may have at most ${MAX_SUBSCRIPTIONS_PER_INSTALL} webhook subscriptions; delete one it no longer needs first.`,
        );
      }
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO webhook_subscriptions (org_id, entity_id, install_id, url, topics, description, secret_ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          tenant.orgId,
          tenant.entityId,
          installId,
          input.url,
          [...new Set(input.topics)],
          input.description ?? null,
          this.secrets.seal(signingSecret),
        ],
      );
      return row.id;
    });
    return Object.assign(new WebhookSubscriptionWithSecret(), await this.get(tenant, id), { signingSecret });
  }

  async list(tenant: TenantContext): Promise<WebhookSubscription[]> {
    const rows = await this.transactions.reader.query<SubscriptionRow[]>(
      `${SUBSCRIPTION_SELECT} ORDER BY s.created_at, s.id`,
      [tenant.orgId, tenant.entityId, installOf(tenant)],
    );
    return rows.map(toSubscription);
  }

  async get(tenant: TenantContext, id: string): Promise<WebhookSubscription> {
    const [row] = await this.transactions.reader.query<SubscriptionRow[]>(`${SUBSCRIPTION_SELECT} AND s.id = $4`, [
      tenant.orgId,
      tenant.entityId,
      installOf(tenant),
      id,
    ]);
    if (!row) throw ApiError.notFound('webhook subscription');
    return toSubscription(row);
  }

  /** A soft delete: the row stays for audit, listings leave it out and its pending deliveries are dropped. */
  async remove(tenant: TenantContext, id: string): Promise<void> {
    await this.transactions.run(async ({ manager }) => {
      const deleted = await updateReturning<{ id: string }>(
        manager,
        `UPDATE webhook_subscriptions SET deleted_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE org_id = $1 AND entity_id = $2 AND install_id = $3 AND id = $4 AND deleted_at IS NULL RETURNING id`,
        [tenant.orgId, tenant.entityId, installOf(tenant), id],
      );
      if (!deleted.length) throw ApiError.notFound('webhook subscription');
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'cancelled', completed_at = clock_timestamp(), claim_token = NULL
         WHERE org_id = $1 AND entity_id = $2 AND subscription_id = $3 AND status = 'pending'`,
        [tenant.orgId, tenant.entityId, id],
      );
    });
  }

  /** A new secret; the previous one keeps signing (beside the new one) for 24 hours. */
  async rotateSecret(tenant: TenantContext, id: string): Promise<WebhookSubscriptionWithSecret> {
    const signingSecret = generateSigningSecret();
    const rotated = await this.transactions.run(({ manager }) =>
      updateReturning<{ id: string }>(
        manager,
        `UPDATE webhook_subscriptions
         SET previous_secret_ciphertext = secret_ciphertext, secret_ciphertext = $5,
             previous_secret_expires_at = clock_timestamp() + interval '${ROTATION_OVERLAP}', updated_at = clock_timestamp()
         WHERE org_id = $1 AND entity_id = $2 AND install_id = $3 AND id = $4 AND deleted_at IS NULL RETURNING id`,
        [tenant.orgId, tenant.entityId, installOf(tenant), id, this.secrets.seal(signingSecret)],
      ),
    );
    if (!rotated.length) throw ApiError.notFound('webhook subscription');
    return Object.assign(new WebhookSubscriptionWithSecret(), await this.get(tenant, id), { signingSecret });
  }

  /** Queues a `webhook.ping` event for this one subscription; the dispatchers are woken to send it at once. */
  async ping(tenant: TenantContext, id: string): Promise<QueuedDelivery> {
    const subscription = await this.get(tenant, id);
    if (subscription.status !== 'active') {
      throw ApiError.unprocessable(`The subscription is disabled: ${subscription.disabledReason ?? 'no reason given'}`);
    }
    return this.transactions.run(async ({ manager }) => {
      const [event] = await manager.query<{ id: string }[]>(
        `INSERT INTO webhook_events (org_id, entity_id, type, data) VALUES ($1, $2, $3, $4) RETURNING id`,
        [tenant.orgId, tenant.entityId, PING_EVENT_TYPE, JSON.stringify({ subscription_id: id })],
      );
      return this.queue(manager, tenant, id, event.id);
    });
  }

  /** Sends an event of this subscription again, as a new delivery with the same `webhook-id`. */
  async redeliver(tenant: TenantContext, id: string, deliveryId: string): Promise<QueuedDelivery> {
    const subscription = await this.get(tenant, id);
    if (subscription.status !== 'active') {
      throw ApiError.unprocessable(`The subscription is disabled: ${subscription.disabledReason ?? 'no reason given'}`);
    }
    return this.transactions.run(async ({ manager }) => {
      const [delivery] = await manager.query<{ event_id: string; type: string }[]>(
        `SELECT d.event_id, e.type FROM webhook_deliveries d
         JOIN webhook_events e ON e.id = d.event_id AND e.org_id = d.org_id AND e.entity_id = d.entity_id
         WHERE d.org_id = $1 AND d.entity_id = $2 AND d.subscription_id = $3 AND d.id = $4`,
        [tenant.orgId, tenant.entityId, id, deliveryId],
      );
      if (!delivery) throw ApiError.notFound('delivery');
      const required = readScopeOfEvent(delivery.type);
      if (required && !grantedScopes(tenant).includes(required)) throw insufficientScope([required]);
      return this.queue(manager, tenant, id, delivery.event_id);
    });
  }

  /** The attempts of the last 30 days, newest first. */
  async attempts(tenant: TenantContext, id: string, page: AttemptsPageRequest): Promise<Page<WebhookAttempt>> {
    await this.get(tenant, id);
    const limit = page.limit ?? 25;
    const params: unknown[] = [tenant.orgId, tenant.entityId, id, limit + 1];
    let before = 'TRUE';
    if (page.cursor) {
      params.push(...decodeCursor(page.cursor, ATTEMPT_KEYSET));
      before = '(a.attempted_at, a.id) < ($5::timestamptz, $6::uuid)';
    }
    const rows = await this.transactions.reader.query<AttemptRow[]>(
      `SELECT a.id, a.delivery_id, a.event_id, a.topic, a.attempt, a.status, a.status_code, a.duration_ms, a.error,
              a.attempted_at, a.attempted_at::text AS cursor_time
       FROM webhook_attempts a
       WHERE a.org_id = $1 AND a.entity_id = $2 AND a.subscription_id = $3
         AND a.attempted_at > now() - interval '${ATTEMPT_RETENTION}' AND ${before}
       ORDER BY a.attempted_at DESC, a.id DESC LIMIT $4`,
      params,
    );
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return new Page(rows.slice(0, limit).map(toAttempt), last ? encodeCursor([last.cursor_time, last.id]) : null);
  }

  private async queue(
    manager: EntityManager,
    tenant: TenantContext,
    subscriptionId: string,
    eventId: string,
  ): Promise<QueuedDelivery> {
    const [delivery] = await manager.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (org_id, entity_id, event_id, subscription_id)
       SELECT s.org_id, s.entity_id, $4, s.id FROM webhook_subscriptions s
       WHERE s.org_id = $1 AND s.entity_id = $2 AND s.id = $3 AND ${liveInstallCondition(subscriptionInstall('s'))}
       RETURNING id`,
      [tenant.orgId, tenant.entityId, subscriptionId, eventId],
    );
    if (!delivery) throw ApiError.notFound('webhook subscription');
    await notifyDispatchers(manager);
    return Object.assign(new QueuedDelivery(), { deliveryId: delivery.id, eventId, status: 'pending' as const });
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, { allowPrivate: this.config.get('WEBHOOKS_ALLOW_PRIVATE_URLS') });
    } catch (error) {
      if (error instanceof UnsafeWebhookUrlError) throw ApiError.unprocessable(error.message);
      throw error;
    }
  }
}
