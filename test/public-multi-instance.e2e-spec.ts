import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser } from './support/identity';
import { authorizeApp, installApp, InstalledApp } from './support/marketplace';
import { waitUntil } from './support/wait';
import { secondInstance, TEST_REDIS_URL as REDIS_URL } from './support/second-instance';

describe('two instances on one database and one Redis', () => {
  let t: TestApp;
  let other: NestExpressApplication;
  let user: SignedInUser;
  let installed: InstalledApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ env: { REDIS_URL } });
    other = await secondInstance(t.databaseUrl);
    user = await registerUser(t, 'instances');
    installed = await installApp(t, user, ['bom:read']);
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('share one rate-limit budget per install', async () => {
    await t
      .http()
      .patch(`/marketplace/apps/${installed.appId}`)
      .set(bearer(user.token))
      .send({ rateLimit: { limit: 10, windowSeconds: 60 } })
      .expect(200);
    const remaining: string[] = [];
    for (let i = 0; i < 10; i++) {
      const server = i % 2 === 0 ? t.app.getHttpServer() : other.getHttpServer();
      const res = await request(server).get('/public/v1/health').set(bearer(installed.accessToken)).expect(200);
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const refusedHere = await t.http().get('/public/v1/health').set(bearer(installed.accessToken)).expect(429);
    const refusedThere = await request(other.getHttpServer())
      .get('/public/v1/health')
      .set(bearer(installed.accessToken))
      .expect(429);
    expect(refusedHere.body).toMatchObject({ error: 'rate_limited', limit: 10, window_seconds: 60 });
    expect(Number(refusedThere.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an uninstall on one instance answers token_revoked on the other within a second', async () => {
    const fresh = await installApp(t, user, ['bom:read']);
    await request(other.getHttpServer()).get('/public/v1/me').set(bearer(fresh.accessToken)).expect(200);
    await t.http().delete(`/marketplace/installs/${fresh.installId}`).set(bearer(user.token)).expect(204);
    const askOther = () => request(other.getHttpServer()).get('/public/v1/me').set(bearer(fresh.accessToken));
    await waitUntil(async () => (await askOther()).status === 401, 'revoked on the other instance', 1000);
    const res = await askOther().expect(401);
    expect(res.body.error).toBe('token_revoked');
  });

  it('a narrower approval on one instance narrows the token on the other within a second', async () => {
    const fresh = await installApp(t, user, ['bom:read', 'bom:create']);
    const meThere = () => request(other.getHttpServer()).get('/public/v1/me').set(bearer(fresh.accessToken));
    // Read once on the other instance, so the status it serves next is the one it keeps in memory.
    expect((await meThere().expect(200)).body.scopes).toEqual(['bom:read', 'bom:create']);
    await authorizeApp(t, user, fresh, ['bom:read']);
    const deadline = Date.now() + 1000;
    let scopes: string[];
    do {
      scopes = (await meThere().expect(200)).body.scopes as string[];
    } while (scopes.length !== 1 && Date.now() < deadline);
    expect(scopes).toEqual(['bom:read']);
  });
});
