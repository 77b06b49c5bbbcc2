import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid, Internal } from '@app/platform';
import type { WebhookTopic } from './topics';

/**
 * The delivery health of a subscription. The three 24-hour counters are spelt in snake_case here because
 * camelCase cannot carry the `_24h` of their API.md names through the public serializer.
 */
export class SubscriptionHealth {
  @ApiInteger()
  deliveries_24h!: number;
  @ApiInteger()
  failures_24h!: number;
  /** Share of the last 24 hours' attempts that succeeded, 0–1; null without attempts. */
  success_rate_24h!: number | null;
  @ApiInteger()
  consecutiveFailures!: number;
  lastAttemptAt!: Date | null;
  lastSuccessAt!: Date | null;
  lastFailureAt!: Date | null;
  @ApiInteger()
  lastStatusCode!: number | null;
  lastError!: string | null;
}

/** A webhook subscription as the services return it; the public layer renders it with `toPublicShape`. */
export class WebhookSubscription {
  @ApiUuid()
  id!: string;
  @ApiProperty({ type: 'string', format: 'uri' })
  url!: string;
  topics!: WebhookTopic[];
  description!: string | null;
  status!: 'active' | 'disabled';
  disabledReason!: string | null;
  createdAt!: Date;
  health!: SubscriptionHealth;
  @Internal() installId!: string;
}

/** The one answer that carries the signing secret in plain text: create and rotate-secret. */
export class WebhookSubscriptionWithSecret extends WebhookSubscription {
  signingSecret!: string;
}

/** One attempt in a subscription's deliveries log. */
export class WebhookAttempt {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  deliveryId!: string;
  @ApiUuid()
  eventId!: string;
  topic!: string;
  @ApiInteger()
  attempt!: number;
  status!: 'succeeded' | 'failed';
  @ApiInteger()
  statusCode!: number | null;
  @ApiInteger()
  durationMs!: number;
  error!: string | null;
  attemptedAt!: Date;
}

/** What `ping` and `redeliver` queued: the dispatcher sends it at once. */
export class QueuedDelivery {
  @ApiUuid()
  deliveryId!: string;
  @ApiUuid()
  eventId!: string;
  status!: 'pending';
}
