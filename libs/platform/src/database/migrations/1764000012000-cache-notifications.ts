import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that decides whether a token is still good, or what it may do, is notified when it commits, so each
 * instance's in-memory caches (`NotifiedCache`) drop it at once: on `access_token_status` the install or app that
 * changed (`install:<id>`, `app:<id>`), on `memberships` the user whose membership changed (`user:<id>`).
 * Triggers rather than calls in the services: no writer, present or future, can forget to notify.
 */
const WATCHED = [
  {
    table: 'oauth_access_tokens',
    events: 'UPDATE OF revoked_at',
    channel: 'access_token_status',
    tag: 'install',
    column: 'install_id',
  },
  {
    table: 'oauth_token_families',
    events: 'UPDATE OF revoked_at',
    channel: 'access_token_status',
    tag: 'install',
    column: 'install_id',
  },
  {
    table: 'marketplace_installs',
    events: 'UPDATE OF uninstalled_at, scopes, app_id, org_id, entity_id',
    channel: 'access_token_status',
    tag: 'install',
    column: 'id',
  },
  {
    table: 'marketplace_apps',
    events:
      'UPDATE OF name, client_id, rate_limit, rate_limit_window_seconds, operator_rate_limit, operator_rate_limit_window_seconds',
    channel: 'access_token_status',
    tag: 'app',
    column: 'id',
  },
  { table: 'memberships', events: 'UPDATE OR DELETE', channel: 'memberships', tag: 'user', column: 'user_id' },
];

export class CacheNotifications1764000012000 implements MigrationInterface {
  name = 'CacheNotifications1764000012000';

  async up(q: QueryRunner): Promise<void> {
    // TG_ARGV: the channel, the kind of tag and the column that holds its id; OLD exists for updates and deletes.
    await q.query(`
      CREATE FUNCTION notify_cached_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], TG_ARGV[1] || ':' || (to_jsonb(OLD) ->> TG_ARGV[2]));
        RETURN NULL;
      END $$`);
    for (const { table, events, channel, tag, column } of WATCHED) {
      await q.query(
        `CREATE TRIGGER ${table}_cache_notify AFTER ${events} ON ${table}
         FOR EACH ROW EXECUTE FUNCTION notify_cached_row_change('${channel}', '${tag}', '${column}')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table } of WATCHED) await q.query(`DROP TRIGGER ${table}_cache_notify ON ${table}`);
    await q.query('DROP FUNCTION notify_cached_row_change()');
  }
}
