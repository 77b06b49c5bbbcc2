import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that decides whether an access token is still good, or what its install may do, is notified on
 * `access_token_status` when it commits (`install:<id>` or `app:<id>`), so each instance's token-status cache drops
 * it at once. Triggers rather than calls in the services: no writer, present or future, can forget to notify.
 */
const WATCHED = [
  { table: 'oauth_access_tokens', columns: 'revoked_at', kind: 'install', id: 'install_id' },
  { table: 'oauth_token_families', columns: 'revoked_at', kind: 'install', id: 'install_id' },
  {
    table: 'marketplace_installs',
    columns: 'uninstalled_at, scopes, app_id, org_id, entity_id',
    kind: 'install',
    id: 'id',
  },
  {
    table: 'marketplace_apps',
    columns:
      'name, client_id, rate_limit, rate_limit_window_seconds, operator_rate_limit, operator_rate_limit_window_seconds',
    kind: 'app',
    id: 'id',
  },
];

export class TokenStatusNotifications1764000012000 implements MigrationInterface {
  name = 'TokenStatusNotifications1764000012000';

  async up(q: QueryRunner): Promise<void> {
    // TG_ARGV: the kind of id notified and the column holding it (one function for the four tables).
    await q.query(`
      CREATE FUNCTION notify_access_token_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('access_token_status', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
        RETURN NULL;
      END $$`);
    for (const { table, columns, kind, id } of WATCHED) {
      await q.query(
        `CREATE TRIGGER ${table}_status_notify AFTER UPDATE OF ${columns} ON ${table}
         FOR EACH ROW EXECUTE FUNCTION notify_access_token_status('${kind}', '${id}')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table } of WATCHED) await q.query(`DROP TRIGGER ${table}_status_notify ON ${table}`);
    await q.query('DROP FUNCTION notify_access_token_status()');
  }
}
