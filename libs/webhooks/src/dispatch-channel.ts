import type { EntityManager } from 'typeorm';

/** The channel on which committed deliveries wake the dispatchers of every instance. */
export const DELIVERIES_CHANNEL = 'webhook_deliveries';

/** NOTIFY is transactional: the dispatchers hear it when, and only if, the caller's transaction commits. */
export async function notifyDispatchers(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_notify($1, '')`, [DELIVERIES_CHANNEL]);
}
