import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  deriveTokenSigningKey,
  MARKETPLACE_TOKEN_AUDIENCE,
  type TenantContext,
  USER_TOKEN_AUDIENCE,
} from '@app/platform';
import { TEST_JWT_SECRET, type TestApp } from './test-app';

export interface SignedInUser {
  token: string;
  userId: string;
  orgId: string;
  entityId: string;
  email: string;
  password: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The tenant a registered user owns, acting as its owner: for calling services straight, past HTTP. */
export function tenantOf(user: SignedInUser): TenantContext {
  return { orgId: user.orgId, entityId: user.entityId, actor: { kind: 'user', userId: user.userId, role: 'owner' } };
}

/** Registers a new user with an org and entity of their own, and returns the session. */
export async function registerUser(t: TestApp, label = 'user'): Promise<SignedInUser> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const res = await t
    .http()
    .post('/auth/register')
    .send({
      email,
      password: TEST_PASSWORD,
      name: `Test ${label}`,
      orgName: `${label} Org`,
      entityName: `${label} Plant`,
    })
    .expect(201);
  const body = res.body as { accessToken: string; orgId: string; entityId: string };
  const claims = jwt.decode(body.accessToken) as { sub: string };
  return {
    token: body.accessToken,
    userId: claims.sub,
    orgId: body.orgId,
    entityId: body.entityId,
    email,
    password: TEST_PASSWORD,
  };
}

/** The test server's key for the tokens of `audience`. */
export function testSigningKey(audience: string): string {
  return deriveTokenSigningKey(TEST_JWT_SECRET, audience);
}

/**
 * A token signed with the test server's key of the audience it claims (as the server signs), but claims of the
 * caller's choosing (expired, other audience, …).
 */
export function forgeToken(claims: Record<string, unknown>, options: jwt.SignOptions = {}): string {
  const lifetime = 'exp' in claims ? {} : { expiresIn: 3600 };
  const audience = ([] as unknown[]).concat(claims.aud ?? options.audience ?? []).includes(MARKETPLACE_TOKEN_AUDIENCE)
    ? MARKETPLACE_TOKEN_AUDIENCE
    : USER_TOKEN_AUDIENCE;
  return jwt.sign(claims, testSigningKey(audience), {
    algorithm: 'HS256',
    issuer: 'hellobooks',
    ...lifetime,
    ...options,
  });
}

/**
 * A session token of another user of the same tenant, with `role` (a real membership: the server honours a token
 * only with the role its membership has now).
 */
export async function memberToken(t: TestApp, of: SignedInUser, role: 'admin' | 'member' | 'viewer'): Promise<string> {
  const [user] = await t.sql<{ id: string }>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'no sign-in') RETURNING id`,
    [`${role}-${randomBytes(4).toString('hex')}@example.com`, `Test ${role}`],
  );
  await t.sql('INSERT INTO memberships (org_id, entity_id, user_id, role) VALUES ($1, $2, $3, $4)', [
    of.orgId,
    of.entityId,
    user.id,
    role,
  ]);
  return forgeToken({ sub: user.id, aud: 'hellobooks:user', org_id: of.orgId, entity_id: of.entityId, role });
}

/** A session token of a viewer of the user's tenant: reads allowed, writes refused. */
export function viewerToken(t: TestApp, of: SignedInUser): Promise<string> {
  return memberToken(t, of, 'viewer');
}
