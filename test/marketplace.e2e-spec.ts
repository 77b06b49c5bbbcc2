import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser } from './support/identity';
import { authorizeApp, installApp, TEST_REDIRECT_URI } from './support/marketplace';

async function withRole(t: TestApp, user: SignedInUser, role: string): Promise<string> {
  await t.sql('UPDATE memberships SET role = $2 WHERE user_id = $1', [user.userId, role]);
  const res = await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
  return res.body.accessToken as string;
}

describe('marketplace apps and installs', () => {
  let t: TestApp;
  let owner: SignedInUser;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const register = (token: string, body: Record<string, unknown>) =>
    t.http().post('/marketplace/apps').set(auth(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'developer');
  });
  afterAll(() => t.close());

  describe('POST /marketplace/apps', () => {
    it('registers an app and shows the secret once; only its SHA-256 is stored', async () => {
      const res = await register(owner.token, {
        name: 'Shop Sync',
        redirectUris: [TEST_REDIRECT_URI, 'http://localhost:8080/cb', 'http://127.0.0.1/cb'],
        scopes: ['bom:read', 'webhook:create'],
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Shop Sync',
        clientId: expect.stringMatching(/^hbc_[0-9a-f]{32}$/),
        clientSecret: expect.stringMatching(/^hbs_[A-Za-z0-9_-]{43}$/),
        redirectUris: [TEST_REDIRECT_URI, 'http://localhost:8080/cb', 'http://127.0.0.1/cb'],
        scopes: ['bom:read', 'webhook:create'],
        rateLimit: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [stored] = await t.sql<{ client_secret_hash: string }>(
        'SELECT client_secret_hash FROM marketplace_apps WHERE id = $1',
        [res.body.id],
      );
      expect(stored.client_secret_hash).toBe(createHash('sha256').update(res.body.clientSecret).digest('hex'));
      const read = await t.http().get(`/marketplace/apps/${res.body.id}`).set(auth(owner.token)).expect(200);
      expect(read.body).not.toHaveProperty('clientSecret');
      expect(JSON.stringify(read.body)).not.toContain(res.body.clientSecret);
    });

    it.each([
      ['http://example.com/cb', 'redirectUris.0'],
      ['https://example.com/cb#frag', 'redirectUris.0'],
      ['https://user:pw@example.com/cb', 'redirectUris.0'],
      ['not a url', 'redirectUris.0'],
    ])('refuses the redirect URI %s', async (uri, field) => {
      const res = await register(owner.token, { name: 'X', redirectUris: [uri], scopes: [] }).expect(400);
      expect(res.body).toMatchObject({ error: 'validation_failed', details: [{ field, message: expect.any(String) }] });
    });

    it('refuses unknown scopes, missing fields and unknown fields', async () => {
      const res = await register(owner.token, {
        name: '',
        redirectUris: [],
        scopes: ['bom:read', 'root'],
        admin: true,
      }).expect(400);
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'redirectUris', 'scopes', 'admin']));
    });

    it('needs a user token, and an owner or admin', async () => {
      const body = { name: 'X', redirectUris: [TEST_REDIRECT_URI], scopes: [] };
      expect((await t.http().post('/marketplace/apps').send(body).expect(401)).body.error).toBe('unauthorized');
      const member = await registerUser(t, 'member');
      const memberToken = await withRole(t, member, 'member');
      expect((await register(memberToken, body).expect(403)).body.error).toBe('forbidden');
      const admin = await registerUser(t, 'admin');
      await register(await withRole(t, admin, 'admin'), body).expect(201);
    });
  });

  describe('GET, PATCH, rotate-secret', () => {
    let appId: string;
    let clientSecret: string;
    let clientId: string;

    beforeAll(async () => {
      const res = await register(owner.token, {
        name: 'Planner',
        redirectUris: [TEST_REDIRECT_URI],
        scopes: ['bom:read'],
      }).expect(201);
      ({ id: appId, clientSecret, clientId } = res.body);
    });

    it('lists the tenant’s apps; another tenant sees none of them and gets 404 for the id', async () => {
      const list = await t.http().get('/marketplace/apps').set(auth(owner.token)).expect(200);
      expect(list.body.data.map((a: { id: string }) => a.id)).toContain(appId);
      expect(list.body.data.every((a: Record<string, unknown>) => !('clientSecret' in a))).toBe(true);
      const stranger = await registerUser(t, 'stranger');
      expect((await t.http().get('/marketplace/apps').set(auth(stranger.token)).expect(200)).body.data).toEqual([]);
      const hidden = await t.http().get(`/marketplace/apps/${appId}`).set(auth(stranger.token)).expect(404);
      expect(hidden.body.error).toBe('not_found');
      await t.http().patch(`/marketplace/apps/${appId}`).set(auth(stranger.token)).send({ name: 'x' }).expect(404);
      await t.http().post(`/marketplace/apps/${appId}/rotate-secret`).set(auth(stranger.token)).expect(404);
      const badId = await t.http().get('/marketplace/apps/not-a-uuid').set(auth(owner.token)).expect(400);
      expect(badId.body.details[0].field).toBe('id');
    });

    it('a viewer reads but cannot write', async () => {
      const viewer = await registerUser(t, 'viewer');
      const viewerToken = await withRole(t, viewer, 'viewer');
      await t.http().get('/marketplace/apps').set(auth(viewerToken)).expect(200);
      const res = await register(viewerToken, { name: 'X', redirectUris: [TEST_REDIRECT_URI], scopes: [] });
      expect(res.status).toBe(403);
    });

    it('sets and clears the rate-limit override, and validates it', async () => {
      const set = await t
        .http()
        .patch(`/marketplace/apps/${appId}`)
        .set(auth(owner.token))
        .send({ name: 'Planner 2', rateLimit: { limit: 5, windowSeconds: 60 } })
        .expect(200);
      expect(set.body).toMatchObject({ name: 'Planner 2', rateLimit: { limit: 5, windowSeconds: 60 } });
      const bad = await t
        .http()
        .patch(`/marketplace/apps/${appId}`)
        .set(auth(owner.token))
        .send({ rateLimit: { limit: 0, windowSeconds: 1.5 } })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['rateLimit.limit', 'rateLimit.windowSeconds']),
      );
      const badUri = await t
        .http()
        .patch(`/marketplace/apps/${appId}`)
        .set(auth(owner.token))
        .send({ redirectUris: ['http://evil.example/cb'] })
        .expect(400);
      expect(badUri.body.error).toBe('validation_failed');
      // Only rateLimit may be null; a null name, redirect URI list or scope list is refused and changes nothing.
      for (const field of ['name', 'redirectUris', 'scopes']) {
        const nulled = await t
          .http()
          .patch(`/marketplace/apps/${appId}`)
          .set(auth(owner.token))
          .send({ [field]: null })
          .expect(400);
        expect(nulled.body.error).toBe('validation_failed');
        expect(nulled.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const unchanged = await t.http().get(`/marketplace/apps/${appId}`).set(auth(owner.token)).expect(200);
      expect(unchanged.body).toMatchObject({ name: 'Planner 2', scopes: expect.any(Array) });
      const cleared = await t
        .http()
        .patch(`/marketplace/apps/${appId}`)
        .set(auth(owner.token))
        .send({ rateLimit: null })
        .expect(200);
      expect(cleared.body.rateLimit).toBeNull();
    });

    it('rotates the secret: the new one works, the old one is invalid_client at once', async () => {
      const rotated = await t
        .http()
        .post(`/marketplace/apps/${appId}/rotate-secret`)
        .set(auth(owner.token))
        .expect(200);
      expect(rotated.body.clientSecret).not.toBe(clientSecret);
      const revokeWith = (secret: string) =>
        t.http().post('/oauth/revoke').send({ token: 'x', client_id: clientId, client_secret: secret });
      expect((await revokeWith(clientSecret).expect(401)).body.error).toBe('invalid_client');
      await revokeWith(rotated.body.clientSecret).expect(200);
      await authorizeApp(t, owner, { clientId, clientSecret: rotated.body.clientSecret }, ['bom:read']);
    });
  });

  describe('installs', () => {
    it('lists the tenant’s installs, and an uninstall answers token_revoked to its tokens at once', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const list = await t.http().get('/marketplace/installs').set(auth(owner.token)).expect(200);
      expect(list.body.data).toContainEqual({
        id: installed.installId,
        appId: installed.appId,
        appName: 'Test App',
        clientId: installed.clientId,
        scopes: ['bom:read'],
        installedBy: owner.userId,
        installedAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      await t.http().get('/public/v1/me').set(auth(installed.accessToken)).expect(200);

      await t.http().delete(`/marketplace/installs/${installed.installId}`).set(auth(owner.token)).expect(204);
      const res = await t.http().get('/public/v1/me').set(auth(installed.accessToken)).expect(401);
      expect(res.body).toMatchObject({ error: 'token_revoked', request_id: expect.any(String) });
      const refreshed = await t.http().post('/oauth/token').send({
        grant_type: 'refresh_token',
        refresh_token: installed.refreshToken,
        client_id: installed.clientId,
        client_secret: installed.clientSecret,
      });
      expect(refreshed.status).toBe(400);
      expect(refreshed.body.error).toBe('invalid_grant');
      const after = await t.http().get('/marketplace/installs').set(auth(owner.token)).expect(200);
      expect(after.body.data.map((i: { id: string }) => i.id)).not.toContain(installed.installId);
      await t.http().delete(`/marketplace/installs/${installed.installId}`).set(auth(owner.token)).expect(404);

      // A reinstall is a new install; the old install's tokens stay revoked.
      const again = await authorizeApp(t, owner, installed, ['bom:read']);
      expect(again.installId).not.toBe(installed.installId);
      await t.http().get('/public/v1/me').set(auth(again.accessToken)).expect(200);
      await t.http().get('/public/v1/me').set(auth(installed.accessToken)).expect(401);
    });

    it('uninstall: 404 for another tenant’s install, 403 for a member, 400 for a bad id', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const stranger = await registerUser(t, 'other-tenant');
      const other = await t
        .http()
        .delete(`/marketplace/installs/${installed.installId}`)
        .set(auth(stranger.token))
        .expect(404);
      expect(other.body.error).toBe('not_found');
      const member = await registerUser(t, 'installs-member');
      await t.sql("INSERT INTO memberships (org_id, entity_id, user_id, role) VALUES ($1, $2, $3, 'member')", [
        owner.orgId,
        owner.entityId,
        member.userId,
      ]);
      const login = await t
        .http()
        .post('/auth/login')
        .send({ email: member.email, password: member.password, orgId: owner.orgId, entityId: owner.entityId })
        .expect(200);
      await t.http().get('/marketplace/installs').set(auth(login.body.accessToken)).expect(200);
      const forbidden = await t
        .http()
        .delete(`/marketplace/installs/${installed.installId}`)
        .set(auth(login.body.accessToken))
        .expect(403);
      expect(forbidden.body.error).toBe('forbidden');
      await t.http().delete('/marketplace/installs/nope').set(auth(owner.token)).expect(400);
      await t.http().get('/public/v1/me').set(auth(installed.accessToken)).expect(200);
    });
  });
});
