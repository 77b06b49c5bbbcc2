import { MigrationInterface, QueryRunner } from 'typeorm';

/** Marketplace apps, their installs into tenants, and the OAuth authorization server's codes and tokens. */
export class Marketplace1764000001000 implements MigrationInterface {
  name = 'Marketplace1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE marketplace_apps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        name varchar(200) NOT NULL,
        client_id varchar(64) NOT NULL UNIQUE,
        client_secret_hash char(64) NOT NULL,
        redirect_uris text[] NOT NULL,
        scopes text[] NOT NULL,
        rate_limit integer CHECK (rate_limit > 0),
        rate_limit_window_seconds integer CHECK (rate_limit_window_seconds > 0),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id),
        CHECK ((rate_limit IS NULL) = (rate_limit_window_seconds IS NULL))
      )`);
    await q.query(`CREATE INDEX marketplace_apps_tenant_idx ON marketplace_apps (org_id, entity_id, created_at)`);
    await q.query(`
      CREATE TABLE marketplace_installs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        app_id uuid NOT NULL REFERENCES marketplace_apps(id),
        scopes text[] NOT NULL,
        installed_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        uninstalled_at timestamptz,
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id)
      )`);
    await q.query(
      `CREATE INDEX marketplace_installs_tenant_idx ON marketplace_installs (org_id, entity_id, created_at)`,
    );
    // One live install of an app per tenant; an uninstalled one stays for audit and a reinstall is a new row.
    await q.query(`
      CREATE UNIQUE INDEX marketplace_installs_live_key
        ON marketplace_installs (org_id, entity_id, app_id) WHERE uninstalled_at IS NULL`);
    await q.query(`
      CREATE TABLE oauth_authorization_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        code_hash char(64) NOT NULL UNIQUE,
        app_id uuid NOT NULL REFERENCES marketplace_apps(id),
        install_id uuid NOT NULL REFERENCES marketplace_installs(id),
        user_id uuid NOT NULL REFERENCES users(id),
        redirect_uri text NOT NULL,
        code_challenge varchar(128) NOT NULL,
        scopes text[] NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX oauth_authorization_codes_tenant_idx ON oauth_authorization_codes (org_id, entity_id)`);
    // A token family: every access and refresh token descended from one authorization code (RFC 9700 §4.14).
    await q.query(`
      CREATE TABLE oauth_token_families (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        install_id uuid NOT NULL REFERENCES marketplace_installs(id),
        code_id uuid NOT NULL UNIQUE REFERENCES oauth_authorization_codes(id),
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revoked_at timestamptz,
        revoked_reason varchar(64)
      )`);
    await q.query(
      `CREATE INDEX oauth_token_families_tenant_idx ON oauth_token_families (org_id, entity_id, install_id)`,
    );
    await q.query(`
      CREATE TABLE oauth_refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        family_id uuid NOT NULL REFERENCES oauth_token_families(id),
        token_hash char(64) NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX oauth_refresh_tokens_tenant_idx ON oauth_refresh_tokens (org_id, entity_id, family_id)`,
    );
    await q.query(`
      CREATE TABLE oauth_access_tokens (
        id_hash char(64) PRIMARY KEY,
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        family_id uuid NOT NULL REFERENCES oauth_token_families(id),
        install_id uuid NOT NULL REFERENCES marketplace_installs(id),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX oauth_access_tokens_tenant_idx ON oauth_access_tokens (org_id, entity_id, family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE oauth_access_tokens');
    await q.query('DROP TABLE oauth_refresh_tokens');
    await q.query('DROP TABLE oauth_token_families');
    await q.query('DROP TABLE oauth_authorization_codes');
    await q.query('DROP TABLE marketplace_installs');
    await q.query('DROP TABLE marketplace_apps');
  }
}
