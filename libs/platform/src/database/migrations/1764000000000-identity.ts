import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orgs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE entities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES orgs(id),
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (org_id, id)
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        name varchar(200) NOT NULL,
        password_hash varchar(300) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        entity_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (org_id, entity_id) REFERENCES entities(org_id, id),
        UNIQUE (user_id, org_id, entity_id)
      )`);
    await q.query(`CREATE INDEX memberships_tenant_idx ON memberships (org_id, entity_id)`);
    await q.query(`
      CREATE TABLE login_failures (
        email_key varchar(320) PRIMARY KEY,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_failures');
    await q.query('DROP TABLE memberships');
    await q.query('DROP TABLE users');
    await q.query('DROP TABLE entities');
    await q.query('DROP TABLE orgs');
  }
}
