import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { TenantContext } from '@app/platform';

/** A fresh org and entity for a bench's generated rows, acting as a made-up owner. */
export async function createBenchTenant(client: Client, label: string): Promise<TenantContext> {
  const org = await client.query<{ id: string }>(`INSERT INTO orgs (name) VALUES ($1) RETURNING id`, [label]);
  const entity = await client.query<{ id: string }>(
    `INSERT INTO entities (org_id, name) VALUES ($1, $2) RETURNING id`,
    [org.rows[0].id, label],
  );
  return {
    orgId: org.rows[0].id,
    entityId: entity.rows[0].id,
    actor: { kind: 'user', userId: randomUUID(), role: 'owner' },
  };
}
