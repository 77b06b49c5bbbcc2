/** The event catalogue of API.md §6: what a subscription may list in `topics`. */
export const WEBHOOK_TOPICS = [
  'work_order.released',
  'work_order.completed',
  'work_order.cancelled',
  'bom.created',
  'bom.updated',
  'bom.archived',
  'bom.restored',
  'subcontract_order.materials_issued',
  'subcontract_order.goods_received',
  'subcontract_order.completed',
  'quality_inspection.created',
  'quality_inspection.completed',
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Sent by `POST …/webhooks/:id/ping` to that one subscription; nobody subscribes to it. */
export const PING_EVENT_TYPE = 'webhook.ping';

export type WebhookEventType = WebhookTopic | typeof PING_EVENT_TYPE;

/** The read scope an app needs to subscribe to a resource's events: it may not learn by webhook what it cannot read. */
const READ_SCOPE_BY_RESOURCE: Record<string, string> = {
  work_order: 'workOrder:read',
  bom: 'bom:read',
  subcontract_order: 'subcontractOrder:read',
  quality_inspection: 'qualityInspection:read',
};

export function isWebhookTopic(value: unknown): value is WebhookTopic {
  return typeof value === 'string' && (WEBHOOK_TOPICS as readonly string[]).includes(value);
}

export function readScopeOfTopic(topic: WebhookTopic): string {
  const resource = topic.slice(0, topic.indexOf('.'));
  const scope = READ_SCOPE_BY_RESOURCE[resource];
  if (!scope) throw new Error(`No read scope is declared for the topic ${topic}`);
  return scope;
}

/** The scope an install needs to receive an event of this type; a ping needs none. */
export function readScopeOfEvent(type: string): string | undefined {
  if (type === PING_EVENT_TYPE) return undefined;
  if (!isWebhookTopic(type)) throw new Error(`Unknown webhook event type ${type}`);
  return readScopeOfTopic(type);
}
