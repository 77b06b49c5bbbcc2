export * from './event-outbox';
export * from './topics';
export * from './webhooks.module';
