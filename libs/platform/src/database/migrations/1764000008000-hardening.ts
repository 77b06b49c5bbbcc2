import type { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalEmail } from '../../identity/canonical-email';

/**
 * Hardening after the security review: emails stored in their canonical form and unique on it (the lookup and the
 * throttle key on the same string, never on PostgreSQL's lower()), and the indexes that the housekeeping prunes use.
 */
export class Hardening1764000008000 implements MigrationInterface {
  name = 'Hardening1764000008000';

  async up(q: QueryRunner): Promise<void> {
    const users = (await q.query('SELECT id, email FROM users ORDER BY created_at, id')) as {
      id: string;
      email: string;
    }[];
    const owners = new Map<string, string>();
    const clashes: string[] = [];
    for (const user of users) {
      const canonical = canonicalEmail(user.email);
      const owner = owners.get(canonical);
      if (owner) clashes.push(`${user.id} (same canonical email as ${owner})`);
      else owners.set(canonical, user.id);
    }
    if (clashes.length) {
      throw new Error(
        `Users whose emails differ only in case or Unicode form must be merged or renamed first: ${clashes.join(', ')}`,
      );
    }
    const changed = users.filter((user) => canonicalEmail(user.email) !== user.email);
    if (changed.length) {
      await q.query(
        `UPDATE users u SET email = c.email
         FROM unnest($1::uuid[], $2::text[]) AS c(id, email) WHERE u.id = c.id`,
        [changed.map((user) => user.id), changed.map((user) => canonicalEmail(user.email))],
      );
    }
    await q.query('DROP INDEX users_email_key');
    await q.query('CREATE UNIQUE INDEX users_email_key ON users (email)');
    // Counters keyed by the old lower-cased form would never be met again; they are short-lived, so start afresh.
    await q.query('DELETE FROM login_failures');
    await q.query('CREATE INDEX login_failures_last_failed_idx ON login_failures (last_failed_at)');
    // An access token knows the refresh token it was issued with: withdrawing that one (the 30 s grace path)
    // withdraws both. Tokens issued before have none and expire within the hour.
    await q.query(
      'ALTER TABLE oauth_access_tokens ADD COLUMN refresh_token_id uuid REFERENCES oauth_refresh_tokens(id)',
    );
    await q.query(
      'CREATE INDEX oauth_access_tokens_refresh_idx ON oauth_access_tokens (refresh_token_id) WHERE refresh_token_id IS NOT NULL',
    );
    // The operator's rate-limit grant of an app, above the default; the owner's own override only lowers.
    await q.query(`
      ALTER TABLE marketplace_apps
        ADD COLUMN operator_rate_limit integer CHECK (operator_rate_limit > 0),
        ADD COLUMN operator_rate_limit_window_seconds integer CHECK (operator_rate_limit_window_seconds > 0),
        ADD CHECK ((operator_rate_limit IS NULL) = (operator_rate_limit_window_seconds IS NULL))`);
    // The dispatcher's fairness caps count the deliveries in flight: claimed rows, few at any time.
    await q.query(`
      CREATE INDEX webhook_deliveries_in_flight_idx ON webhook_deliveries (subscription_id)
      WHERE status = 'pending' AND claim_token IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX webhook_deliveries_in_flight_idx');
    await q.query(
      'ALTER TABLE marketplace_apps DROP COLUMN operator_rate_limit, DROP COLUMN operator_rate_limit_window_seconds',
    );
    await q.query('ALTER TABLE oauth_access_tokens DROP COLUMN refresh_token_id');
    await q.query('DROP INDEX login_failures_last_failed_idx');
    await q.query('DROP INDEX users_email_key');
    await q.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
  }
}
