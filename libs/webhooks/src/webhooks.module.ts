import { Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { SecretBox } from './secret-box';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** Subscriptions, the transactional outbox, the dispatcher and signing (API.md §6). */
@Module({
  providers: [EventOutbox, SecretBox, WebhookSubscriptionsService, WebhookDispatcher],
  exports: [EventOutbox, WebhookSubscriptionsService, WebhookDispatcher],
})
export class WebhooksModule {}
