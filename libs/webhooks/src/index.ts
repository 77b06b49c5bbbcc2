export * from './event-outbox';
export * from './subscription.model';
export * from './topics';
export * from './webhook-dispatcher';
export * from './webhook-subscriptions.service';
export * from './webhooks.module';
