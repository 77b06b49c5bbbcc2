import { Injectable } from '@nestjs/common';
import { preparedQuery, toPublicShape, type UnitOfWork } from '@app/platform';
import { readScopeOfTopic, type WebhookTopic } from './topics';
import { DELIVERIES_CHANNEL } from './dispatch-channel';
import { liveInstallCondition } from '@app/marketplace';
import { subscriptionInstall } from './installs';

export interface PublishedEvent {
  type: WebhookTopic;
  tenant: { orgId: string; entityId: string };
  /** The resource as a service returns it; rendered in its public shape (no `@Internal` fields, snake_case keys). */
  data: object;
}

/**
 * The transactional outbox. Domain services call `publish` with their unit of work: the event and its deliveries
 * commit with the change they describe, and a rolled-back change publishes nothing.
 */
@Injectable()
export class EventOutbox {
  async publish(unitOfWork: UnitOfWork, event: PublishedEvent): Promise<void> {
    const { manager } = unitOfWork;
    const { orgId, entityId } = event.tenant;
    // One statement: the event, a delivery per matching live subscription, and — only when there is one — the
    // wake-up of the dispatchers (NOTIFY is transactional: heard when, and only if, the caller commits).
    await preparedQuery(
      manager,
      'outbox-publish',
      `WITH event AS (
         INSERT INTO webhook_events (org_id, entity_id, type, data) VALUES ($1, $2, $3, $4) RETURNING id
       ), deliveries AS (
         INSERT INTO webhook_deliveries (org_id, entity_id, event_id, subscription_id)
         SELECT s.org_id, s.entity_id, event.id, s.id
         FROM event, webhook_subscriptions s
         WHERE s.org_id = $1 AND s.entity_id = $2 AND s.deleted_at IS NULL AND s.status = 'active'
           AND s.topics @> ARRAY[$3]::text[] AND ${liveInstallCondition(subscriptionInstall('s'), '$5')}
         RETURNING 1
       )
       SELECT pg_notify($6, '') WHERE EXISTS (SELECT 1 FROM deliveries)`,
      [
        orgId,
        entityId,
        event.type,
        JSON.stringify(toPublicShape(event.data)),
        readScopeOfTopic(event.type),
        DELIVERIES_CHANNEL,
      ],
    );
  }
}
