import jwt from 'jsonwebtoken';
import { MARKETPLACE_TOKEN_AUDIENCE, USER_TOKEN_AUDIENCE } from '@app/platform';
import { memberToken, registerUser, SignedInUser, testSigningKey } from './support/identity';
import { authorizeApp, installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The review's access findings: a token kept the scopes of its install's first approval after a narrower one, and a
 * user token kept its tenant and role after its membership was removed or changed.
 */
describe('Hardening: scopes and memberships in force on every request', () => {
  let t: TestApp;
  let owner: SignedInUser;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tenantPath = (user: SignedInUser) => `/public/v1/orgs/${user.orgId}/entities/${user.entityId}`;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'live');
  });
  afterAll(() => t.close());

  describe('marketplace tokens carry the install’s current scopes', () => {
    let installed: InstalledApp;
    let bomId: string;

    beforeAll(async () => {
      installed = await installApp(t, owner, ['bom:read', 'bom:create', 'bom:delete']);
      const item = await t
        .http()
        .post('/items')
        .set(bearer(owner.token))
        .send({ sku: 'LIVE-1', name: 'Live', uom: 'pcs', kind: 'finished' })
        .expect(201);
      const part = await t
        .http()
        .post('/items')
        .set(bearer(owner.token))
        .send({ sku: 'LIVE-2', name: 'Part', uom: 'pcs', kind: 'raw' })
        .expect(201);
      bomId = (
        await t
          .http()
          .post('/bom')
          .set(bearer(owner.token))
          .send({ itemId: item.body.id, code: 'LIVE-BOM', lines: [{ itemId: part.body.id, quantity: '1' }] })
          .expect(201)
      ).body.id as string;
    });

    it('narrows a token issued before a narrower approval: DELETE is 403 and /me lists the scopes in force', async () => {
      const before = await t.http().get('/public/v1/me').set(bearer(installed.accessToken)).expect(200);
      expect(before.body.scopes).toEqual(['bom:read', 'bom:create', 'bom:delete']);
      // The owner approves the install again with bom:delete withdrawn.
      await authorizeApp(t, owner, { clientId: installed.clientId, clientSecret: installed.clientSecret }, [
        'bom:read',
      ]);
      const after = await t.http().get('/public/v1/me').set(bearer(installed.accessToken)).expect(200);
      expect(after.body.scopes).toEqual(['bom:read']);
      const refused = await t
        .http()
        .delete(`${tenantPath(owner)}/bom/${bomId}`)
        .set(bearer(installed.accessToken))
        .expect(403);
      expect(refused.body).toMatchObject({ error: 'insufficient_scope', required: ['bom:delete'] });
      await t
        .http()
        .get(`${tenantPath(owner)}/bom/${bomId}`)
        .set(bearer(installed.accessToken))
        .expect(200);
      expect(await t.sql('SELECT 1 FROM boms WHERE id = $1', [bomId])).toHaveLength(1);
    });

    it('revokes the access token issued with a refresh token that the 30 s grace path withdraws', async () => {
      const app = await installApp(t, owner, ['bom:read']);
      const refresh = (refreshToken: string) =>
        t.http().post('/oauth/token').type('form').send({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        });
      const lost = (await refresh(app.refreshToken).expect(200)).body as { access_token: string };
      await t.http().get('/public/v1/me').set(bearer(lost.access_token)).expect(200);
      // The client lost that answer and retries with the same refresh token inside the grace period.
      const retried = (await refresh(app.refreshToken).expect(200)).body as { access_token: string };
      expect((await t.http().get('/public/v1/me').set(bearer(lost.access_token)).expect(401)).body.error).toBe(
        'token_revoked',
      );
      await t.http().get('/public/v1/me').set(bearer(retried.access_token)).expect(200);
    });

    it('refuses a token whose tenant is not its install’s, even when it is validly signed', async () => {
      const other = await registerUser(t, 'elsewhere');
      const claims = jwt.decode(installed.accessToken) as Record<string, unknown>;
      const relabelled = jwt.sign(
        { ...claims, org_id: other.orgId, entity_id: other.entityId },
        testSigningKey(MARKETPLACE_TOKEN_AUDIENCE),
      );
      const res = await t
        .http()
        .get(`${tenantPath(other)}/bom`)
        .set(bearer(relabelled))
        .expect(401);
      expect(res.body.error).toBe('unauthorized');
    });

    it('signs user and marketplace tokens with different keys: neither verifies when re-labelled as the other', async () => {
      const appClaims = jwt.decode(installed.accessToken, { complete: true }) as jwt.Jwt;
      const [header, , signature] = installed.accessToken.split('.');
      const asUser = Buffer.from(
        JSON.stringify({
          ...(appClaims.payload as object),
          aud: USER_TOKEN_AUDIENCE,
          sub: owner.userId,
          role: 'owner',
        }),
      ).toString('base64url');
      const relabelledApp = `${header}.${asUser}.${signature}`;
      expect((await t.http().get('/bom').set(bearer(relabelledApp)).expect(401)).body.error).toBe('unauthorized');
      // A genuine marketplace token on a user route is still told why (API.md §2).
      const genuine = await t.http().get('/bom').set(bearer(installed.accessToken)).expect(401);
      expect(genuine.body).toMatchObject({
        error: 'invalid_token_audience',
        message: 'Marketplace app tokens cannot be used on user routes.',
      });
      // A user token signed with the marketplace key (as one key for both would allow) verifies nowhere.
      const userClaims = jwt.decode(owner.token) as Record<string, unknown>;
      const userWithAppKey = jwt.sign(userClaims, testSigningKey(MARKETPLACE_TOKEN_AUDIENCE));
      expect((await t.http().get('/auth/me').set(bearer(userWithAppKey)).expect(401)).body.error).toBe('unauthorized');
      expect(testSigningKey(MARKETPLACE_TOKEN_AUDIENCE)).not.toBe(testSigningKey(USER_TOKEN_AUDIENCE));
    });
  });

  describe('user tokens carry the membership in force', () => {
    it('refuses a removed member at once, and applies a changed role at once', async () => {
      const token = await memberToken(t, owner, 'admin');
      const [{ user_id: userId }] = await t.sql<{ user_id: string }>(
        `SELECT user_id FROM memberships WHERE org_id = $1 AND entity_id = $2 AND role = 'admin'`,
        [owner.orgId, owner.entityId],
      );
      const item = { sku: 'ROLE-1', name: 'Role', uom: 'pcs', kind: 'raw' };
      await t.http().post('/items').set(bearer(token)).send(item).expect(201);
      // Demoted to viewer: the same token may read but no longer write.
      await t.sql(`UPDATE memberships SET role = 'viewer' WHERE user_id = $1`, [userId]);
      await t.http().get('/items').set(bearer(token)).expect(200);
      const demoted = await t
        .http()
        .post('/items')
        .set(bearer(token))
        .send({ ...item, sku: 'ROLE-2' })
        .expect(403);
      expect(demoted.body.error).toBe('forbidden');
      const me = await t.http().get('/auth/me').set(bearer(token)).expect(200);
      expect(me.body.role).toBe('viewer');
      // Removed: the token is refused everywhere on the internal layer.
      await t.sql('DELETE FROM memberships WHERE user_id = $1', [userId]);
      const removed = await t.http().get('/items').set(bearer(token)).expect(401);
      expect(removed.body.error).toBe('token_revoked');
      expect(await t.sql(`SELECT 1 FROM items WHERE sku = 'ROLE-2'`)).toEqual([]);
    });
  });
});
