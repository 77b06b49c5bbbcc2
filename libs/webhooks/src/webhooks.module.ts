import { Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';

/** Subscriptions, the transactional outbox, the dispatcher and signing (API.md §6). */
@Module({
  providers: [EventOutbox],
  exports: [EventOutbox],
})
export class WebhooksModule {}
