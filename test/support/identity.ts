import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TestApp } from './test-app';
import { TEST_JWT_SECRET } from './test-app';

export interface SignedInUser {
  token: string;
  userId: string;
  orgId: string;
  entityId: string;
  email: string;
  password: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

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

/** A token signed with the test server's key but claims of the caller's choosing (expired, other audience, …). */
export function forgeToken(claims: Record<string, unknown>, options: jwt.SignOptions = {}): string {
  const lifetime = 'exp' in claims ? {} : { expiresIn: 3600 };
  return jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'hellobooks', ...lifetime, ...options });
}

/** A session token of the same user and tenant with the viewer role: reads allowed, writes refused. */
export function viewerToken(user: SignedInUser): string {
  return forgeToken({
    sub: user.userId,
    aud: 'hellobooks:user',
    org_id: user.orgId,
    entity_id: user.entityId,
    role: 'viewer',
  });
}
