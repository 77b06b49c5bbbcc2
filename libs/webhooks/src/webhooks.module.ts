import { Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** Subscriptions, the transactional outbox, the dispatcher and signing (API.md §6). */
@Module({
  providers: [EventOutbox, WebhookSubscriptionsService, WebhookDispatcher],
  exports: [EventOutbox, WebhookSubscriptionsService, WebhookDispatcher],
})
export class WebhooksModule {}
