import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: subscriptions of installed apps, the transactional outbox (events), one delivery per (event,
 * subscription) and the log of every attempt. Install status lives in the marketplace's table; deliveries are
 * joined to it at publish and send time, not by a foreign key, so webhooks stay independent of marketplace.
 */
export class Webhooks1764000002000 implements MigrationInterface {
  name = 'Webhooks1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        install_id uuid NOT NULL,
        url varchar(2048) NOT NULL,
        topics text[] NOT NULL,
        description varchar(500),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        disabled_reason varchar(500),
        secret_ciphertext text NOT NULL,
        previous_secret_ciphertext text,
        previous_secret_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        deleted_at timestamptz,
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id)
      )`);
    await q.query(
      `CREATE INDEX webhook_subscriptions_tenant_idx ON webhook_subscriptions (org_id, entity_id, install_id)`,
    );
    // The outbox lookup: live subscriptions of a tenant whose topics contain the event's type.
    await q.query(`
      CREATE INDEX webhook_subscriptions_live_topics_idx ON webhook_subscriptions USING gin (topics)
      WHERE deleted_at IS NULL AND status = 'active'`);

    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        type varchar(100) NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX webhook_events_tenant_idx ON webhook_events (org_id, entity_id, created_at)`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        event_id uuid NOT NULL REFERENCES webhook_events(id),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        claim_token uuid,
        claimed_by varchar(100),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_tenant_idx ON webhook_deliveries (org_id, entity_id, subscription_id)`,
    );
    // The dispatcher's claim: due pending deliveries, oldest first. A claim moves next_attempt_at past the lease, so
    // a delivery whose instance died becomes due again by itself.
    await q.query(`
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE webhook_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
        event_id uuid NOT NULL,
        topic varchar(100) NOT NULL,
        attempt integer NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('succeeded', 'failed')),
        status_code integer,
        duration_ms integer NOT NULL,
        error varchar(500),
        attempted_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Health and the deliveries log read one subscription's recent attempts, newest first; the status column lets
    // "last success" and "last failure" be answered from the index alone.
    await q.query(`
      CREATE INDEX webhook_attempts_subscription_idx
      ON webhook_attempts (org_id, entity_id, subscription_id, attempted_at DESC) INCLUDE (status, status_code)`);
    await q.query(`
      CREATE INDEX webhook_attempts_subscription_status_idx
      ON webhook_attempts (subscription_id, status, attempted_at DESC)`);
    // Pruning of attempts older than 30 days.
    await q.query(`CREATE INDEX webhook_attempts_attempted_at_idx ON webhook_attempts (attempted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_attempts');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_events');
    await q.query('DROP TABLE webhook_subscriptions');
  }
}
