import { Injectable } from '@nestjs/common';
import {
  preparedQuery,
  preparedStatementName,
  StatementParameters,
  type StatementSteps,
  toPublicShape,
  type UnitOfWork,
} from '@app/platform';
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
  /** Publishes `event`; `along` are the caller's writes, run in the same statement before it (one round trip). */
  async publish(unitOfWork: UnitOfWork, event: PublishedEvent, along?: StatementSteps): Promise<void> {
    const { orgId, entityId } = event.tenant;
    const parameters = along?.parameters ?? new StatementParameters();
    const [org, entity, type, data, readScope, channel] = [
      orgId,
      entityId,
      event.type,
      JSON.stringify(toPublicShape(event.data)),
      readScopeOfTopic(event.type),
      DELIVERIES_CHANNEL,
    ].map((value) => parameters.add(value));
    // One statement: the event, a delivery per matching live subscription, and — only when there is one — the
    // wake-up of the dispatchers (NOTIFY is transactional: heard when, and only if, the caller commits).
    const steps = [
      ...(along?.steps ?? []),
      `event AS (
         INSERT INTO webhook_events (org_id, entity_id, type, data) VALUES (${org}, ${entity}, ${type}, ${data})
         RETURNING id
       )`,
      `deliveries AS (
         INSERT INTO webhook_deliveries (org_id, entity_id, event_id, subscription_id)
         SELECT s.org_id, s.entity_id, event.id, s.id
         FROM event, webhook_subscriptions s
         WHERE s.org_id = ${org} AND s.entity_id = ${entity} AND s.deleted_at IS NULL AND s.status = 'active'
           AND s.topics @> ARRAY[${type}]::text[] AND ${liveInstallCondition(subscriptionInstall('s'), readScope)}
         RETURNING 1
       )`,
    ];
    const text = `WITH ${steps.join(',\n')}
       SELECT pg_notify(${channel}, '') WHERE EXISTS (SELECT 1 FROM deliveries)`;
    await preparedQuery(unitOfWork.manager, preparedStatementName('outbox-publish', text), text, parameters.values);
  }
}
