import jwt from 'jsonwebtoken';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser } from './support/identity';
import { authorizeApp, installApp, pkcePair, registerApp, TEST_REDIRECT_URI } from './support/marketplace';

interface AuthorizeParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

describe('OAuth install: authorize, token, refresh, revoke', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let app: { id: string; clientId: string; clientSecret: string };

  const params = (overrides: AuthorizeParams = {}): AuthorizeParams => ({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: TEST_REDIRECT_URI,
    scope: 'bom:read',
    state: 'xyz',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });

  /** Approves and returns the code and its verifier. */
  async function approve(user = owner, scope = 'bom:read'): Promise<{ code: string; verifier: string }> {
    const { verifier, challenge } = pkcePair();
    const res = await t
      .http()
      .post('/oauth/authorize')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ ...params({ code_challenge: challenge, scope }), approve: true })
      .expect(200);
    const url = new URL(res.body.redirectTo);
    expect(url.searchParams.get('state')).toBe('xyz');
    return { code: url.searchParams.get('code')!, verifier };
  }

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    t
      .http()
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code,
        redirect_uri: TEST_REDIRECT_URI,
        code_verifier: verifier,
        client_id: app.clientId,
        client_secret: app.clientSecret,
        ...extra,
      });

  const refresh = (refreshToken: string, client: { clientId: string; clientSecret: string } = app) =>
    t.http().post('/oauth/token').send({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });

  const me = (accessToken: string) => t.http().get('/public/v1/me').set('Authorization', `Bearer ${accessToken}`);

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'oauth-owner');
    app = await registerApp(t, owner, ['bom:read', 'bom:create', 'webhook:read']);
  });
  afterAll(() => t.close());

  describe('GET /oauth/authorize', () => {
    it('describes the consent screen: app, requested scopes and tenant', async () => {
      const res = await t
        .http()
        .get('/oauth/authorize')
        .query(params({ scope: 'bom:read webhook:read' }))
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(200);
      expect(res.body).toEqual({
        app: { id: app.id, name: 'Test App', clientId: app.clientId },
        scopes: ['bom:read', 'webhook:read'],
        tenant: {
          orgId: owner.orgId,
          orgName: 'oauth-owner Org',
          entityId: owner.entityId,
          entityName: 'oauth-owner Plant',
        },
        redirectUri: TEST_REDIRECT_URI,
        state: 'xyz',
      });
    });

    it('needs a user token', async () => {
      expect((await t.http().get('/oauth/authorize').query(params()).expect(401)).body.error).toBe('unauthorized');
    });

    it.each([
      [{ client_id: 'hbc_unknown' }, 400, 'invalid_request'],
      [{ redirect_uri: `${TEST_REDIRECT_URI}/extra` }, 400, 'invalid_request'],
      [{ redirect_uri: 'https://app.example.com/oauth' }, 400, 'invalid_request'],
      [{ response_type: 'token' }, 400, 'unsupported_response_type'],
      [{ state: undefined }, 400, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 400, 'invalid_request'],
      [{ code_challenge_method: undefined }, 400, 'invalid_request'],
      [{ code_challenge: 'short' }, 400, 'invalid_request'],
      [{ scope: 'bom:read recipe:read' }, 400, 'invalid_scope'],
    ] as [AuthorizeParams, number, string][])('refuses %j with %i %s', async (overrides, status, error) => {
      const res = await t
        .http()
        .get('/oauth/authorize')
        .query(params(overrides))
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(status);
      expect(res.body).toMatchObject({ error, message: expect.any(String), request_id: expect.any(String) });
    });

    it('refuses unknown parameters with validation_failed', async () => {
      const res = await t
        .http()
        .get('/oauth/authorize')
        .query({ ...params(), nonce: 'x' })
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(400);
      expect(res.body.error).toBe('validation_failed');
    });
  });

  describe('POST /oauth/authorize', () => {
    it('denial redirects with access_denied and installs nothing', async () => {
      const other = await registerUser(t, 'denier');
      const res = await t
        .http()
        .post('/oauth/authorize')
        .set('Authorization', `Bearer ${other.token}`)
        .send({ ...params(), approve: false })
        .expect(200);
      const url = new URL(res.body.redirectTo);
      expect(`${url.origin}${url.pathname}`).toBe(TEST_REDIRECT_URI);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('state')).toBe('xyz');
      expect(url.searchParams.get('code')).toBeNull();
      const installs = await t.http().get('/marketplace/installs').set('Authorization', `Bearer ${other.token}`);
      expect(installs.body.data).toEqual([]);
    });

    it('is refused to a member (owner/admin only) and needs approve', async () => {
      const member = await registerUser(t, 'member');
      await t.sql("UPDATE memberships SET role = 'member' WHERE user_id = $1", [member.userId]);
      const login = await t.http().post('/auth/login').send({ email: member.email, password: member.password });
      const forbidden = await t
        .http()
        .post('/oauth/authorize')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send({ ...params(), approve: true })
        .expect(403);
      expect(forbidden.body.error).toBe('forbidden');
      const missing = await t
        .http()
        .post('/oauth/authorize')
        .set('Authorization', `Bearer ${owner.token}`)
        .send(params())
        .expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('approve');
    });

    it('installs the app once per tenant and updates its scopes on a second approval', async () => {
      const user = await registerUser(t, 'reinstall');
      await approve(user, 'bom:read');
      await approve(user, 'bom:read bom:create');
      const installs = await t.http().get('/marketplace/installs').set('Authorization', `Bearer ${user.token}`);
      expect(installs.body.data).toHaveLength(1);
      expect(installs.body.data[0]).toMatchObject({
        appId: app.id,
        clientId: app.clientId,
        scopes: ['bom:read', 'bom:create'],
      });
    });

    it('a code issued before a narrower re-approval grants only what the install now has', async () => {
      const user = await registerUser(t, 'narrowed');
      const wide = await approve(user, 'bom:read bom:create');
      await approve(user, 'bom:read');
      const res = await exchange(wide.code, wide.verifier).expect(200);
      expect(res.body.scope).toBe('bom:read');
      expect((await me(res.body.access_token).expect(200)).body.scopes).toEqual(['bom:read']);
      expect((await refresh(res.body.refresh_token).expect(200)).body.scope).toBe('bom:read');
    });
  });

  describe('POST /oauth/token: authorization_code', () => {
    it('issues a marketplace token with the claims of API.md §4, form-encoded or JSON', async () => {
      const { code, verifier } = await approve();
      const res = await exchange(code, verifier).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: expect.any(String),
        scope: 'bom:read',
        org_id: owner.orgId,
        entity_id: owner.entityId,
        install_id: expect.any(String),
      });
      const claims = jwt.decode(res.body.access_token) as Record<string, unknown>;
      expect(claims).toMatchObject({
        aud: 'hellobooks:marketplace',
        sub: res.body.install_id,
        client_id: app.clientId,
        org_id: owner.orgId,
        entity_id: owner.entityId,
        scope: 'bom:read',
        jti: expect.any(String),
      });
      expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
      const json = await approve();
      await t
        .http()
        .post('/oauth/token')
        .send({
          grant_type: 'authorization_code',
          code: json.code,
          redirect_uri: TEST_REDIRECT_URI,
          code_verifier: json.verifier,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        })
        .expect(200);
    });

    it('accepts HTTP Basic client authentication, and refuses bad credentials with 401 invalid_client', async () => {
      const { code, verifier } = await approve();
      const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
      await t
        .http()
        .post('/oauth/token')
        .set('Authorization', `Basic ${basic}`)
        .type('form')
        .send({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier })
        .expect(200);
      const wrong = await exchange(code, verifier, { client_secret: 'hbs_wrong' }).expect(401);
      expect(wrong.body).toMatchObject({ error: 'invalid_client', request_id: expect.any(String) });
      const none = await t.http().post('/oauth/token').type('form').send({ grant_type: 'authorization_code' });
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('invalid_client');
      // A client id no app could have (a NUL byte, in the body or in Basic) is invalid_client too, never a 400 or 500.
      const nul = await t
        .http()
        .post('/oauth/token')
        .send({ grant_type: 'authorization_code', client_id: 'hbc_\u0000', client_secret: 'x' })
        .expect(401);
      expect(nul.body.error).toBe('invalid_client');
      const nulBasic = Buffer.from('hbc_\u0000:x').toString('base64');
      await t.http().post('/oauth/token').set('Authorization', `Basic ${nulBasic}`).send({}).expect(401);
    });

    it('answers RFC 6749 codes for a bad grant type, missing parameters and a wrong verifier', async () => {
      const { code, verifier } = await approve();
      const unsupported = await t
        .http()
        .post('/oauth/token')
        .type('form')
        .send({ grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret })
        .expect(400);
      expect(unsupported.body.error).toBe('unsupported_grant_type');
      const noVerifier = await exchange(code, verifier, { code_verifier: '' }).expect(400);
      expect(noVerifier.body.error).toBe('invalid_request');
      const wrongVerifier = await exchange(code, pkcePair().verifier).expect(400);
      expect(wrongVerifier.body.error).toBe('invalid_grant');
      const wrongRedirect = await exchange(code, verifier, { redirect_uri: 'https://app.example.com/other' }).expect(
        400,
      );
      expect(wrongRedirect.body.error).toBe('invalid_grant');
      // None of those consumed the code.
      await exchange(code, verifier).expect(200);
    });

    it('binds the code to its client', async () => {
      const { code, verifier } = await approve();
      const otherApp = await registerApp(t, owner, ['bom:read'], 'Other App');
      const res = await t
        .http()
        .post('/oauth/token')
        .type('form')
        .send({
          grant_type: 'authorization_code',
          code,
          redirect_uri: TEST_REDIRECT_URI,
          code_verifier: verifier,
          client_id: otherApp.clientId,
          client_secret: otherApp.clientSecret,
        })
        .expect(400);
      expect(res.body.error).toBe('invalid_grant');
      await exchange(code, verifier).expect(200);
    });

    it('refuses a code older than 10 minutes', async () => {
      const { code, verifier } = await approve();
      await t.sql(
        "UPDATE oauth_authorization_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL",
      );
      expect((await exchange(code, verifier).expect(400)).body.error).toBe('invalid_grant');
    });

    it('a replayed code is refused and revokes the tokens issued from it', async () => {
      const { code, verifier } = await approve();
      const first = await exchange(code, verifier).expect(200);
      await me(first.body.access_token).expect(200);
      const replay = await exchange(code, verifier).expect(400);
      expect(replay.body.error).toBe('invalid_grant');
      const revoked = await me(first.body.access_token).expect(401);
      expect(revoked.body.error).toBe('token_revoked');
      expect((await refresh(first.body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    });
  });

  describe('POST /oauth/token: refresh_token', () => {
    it('rotates: a new pair each time, the old token good for 30 s, reuse after that revokes the family', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const second = await refresh(installed.refreshToken, installed).expect(200);
      expect(second.body.refresh_token).not.toBe(installed.refreshToken);
      expect(second.body.install_id).toBe(installed.installId);
      expect(second.body.scope).toBe('bom:read');
      await me(second.body.access_token).expect(200);

      // A retry inside the grace period (the client lost the answer) works and withdraws the lost successor.
      const retried = await refresh(installed.refreshToken, installed).expect(200);
      expect((await refresh(second.body.refresh_token, installed).expect(400)).body.error).toBe('invalid_grant');
      const third = await refresh(retried.body.refresh_token, installed).expect(200);

      // Past the grace period, reusing a rotated token revokes every token of the family.
      await t.sql(
        `UPDATE oauth_refresh_tokens SET rotated_at = now() - interval '31 seconds'
          WHERE rotated_at IS NOT NULL AND family_id IN (SELECT id FROM oauth_token_families WHERE install_id = $1)`,
        [installed.installId],
      );
      expect((await refresh(installed.refreshToken, installed).expect(400)).body.error).toBe('invalid_grant');
      expect((await refresh(third.body.refresh_token, installed).expect(400)).body.error).toBe('invalid_grant');
      expect((await me(third.body.access_token).expect(401)).body.error).toBe('token_revoked');
      const [family] = await t.sql<{ revoked_reason: string }>(
        'SELECT f.revoked_reason FROM oauth_token_families f WHERE f.install_id = $1',
        [installed.installId],
      );
      expect(family.revoked_reason).toBe('refresh_token_reused');
    });

    it('a refresh asking for scopes beyond the grant is invalid_scope and leaves the refresh token usable', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const wider = await t
        .http()
        .post('/oauth/token')
        .send({
          grant_type: 'refresh_token',
          refresh_token: installed.refreshToken,
          scope: 'bom:read bom:create',
          client_id: installed.clientId,
          client_secret: installed.clientSecret,
        })
        .expect(400);
      expect(wider.body.error).toBe('invalid_scope');
      const rotated = await t.sql(
        `SELECT r.id FROM oauth_refresh_tokens r JOIN oauth_token_families f ON f.id = r.family_id
          WHERE f.install_id = $1 AND (r.rotated_at IS NOT NULL OR r.revoked_at IS NOT NULL)`,
        [installed.installId],
      );
      expect(rotated).toEqual([]);
      // The client comes back later (past the 30 s reuse grace) with the same token: still its current one.
      await t.sql(
        `UPDATE oauth_refresh_tokens SET rotated_at = rotated_at - interval '31 seconds'
          WHERE rotated_at IS NOT NULL AND family_id IN (SELECT id FROM oauth_token_families WHERE install_id = $1)`,
        [installed.installId],
      );
      const later = await refresh(installed.refreshToken, installed).expect(200);
      expect(later.body.scope).toBe('bom:read');
      await me(later.body.access_token).expect(200);
    });

    it('refuses a scope parameter given twice with invalid_request, and grants nothing for it', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const res = await t
        .http()
        .post('/oauth/token')
        .type('form')
        .send(
          `grant_type=refresh_token&refresh_token=${encodeURIComponent(installed.refreshToken)}` +
            `&scope=bom:read&scope=bom:create&client_id=${installed.clientId}` +
            `&client_secret=${encodeURIComponent(installed.clientSecret)}`,
        )
        .expect(400);
      expect(res.body.error).toBe('invalid_request');
      await refresh(installed.refreshToken, installed).expect(200);
    });

    it('refuses an unknown or expired refresh token, and one of another client', async () => {
      expect((await refresh('hbrt_unknown').expect(400)).body.error).toBe('invalid_grant');
      const installed = await installApp(t, owner, ['bom:read']);
      const res = await t
        .http()
        .post('/oauth/token')
        .send({
          grant_type: 'refresh_token',
          refresh_token: installed.refreshToken,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        })
        .expect(400);
      expect(res.body.error).toBe('invalid_grant');
      await t.sql(
        `UPDATE oauth_refresh_tokens SET expires_at = now() - interval '1 second'
          WHERE family_id IN (SELECT id FROM oauth_token_families WHERE install_id = $1)`,
        [installed.installId],
      );
      const expired = await t
        .http()
        .post('/oauth/token')
        .send({
          grant_type: 'refresh_token',
          refresh_token: installed.refreshToken,
          client_id: installed.clientId,
          client_secret: installed.clientSecret,
        })
        .expect(400);
      expect(expired.body.error).toBe('invalid_grant');
    });
  });

  describe('POST /oauth/revoke', () => {
    it('revokes a refresh token with its family, and an access token alone; unknown tokens are a 200 too', async () => {
      const installed = await installApp(t, owner, ['bom:read']);
      const client = { client_id: installed.clientId, client_secret: installed.clientSecret };
      await t
        .http()
        .post('/oauth/revoke')
        .type('form')
        .send({ token: 'nonsense', ...client })
        .expect(200);
      await t
        .http()
        .post('/oauth/revoke')
        .type('form')
        .send({ token: installed.accessToken, token_type_hint: 'access_token', ...client })
        .expect(200);
      expect((await me(installed.accessToken).expect(401)).body.error).toBe('token_revoked');
      const fresh = await t
        .http()
        .post('/oauth/token')
        .send({ grant_type: 'refresh_token', refresh_token: installed.refreshToken, ...client })
        .expect(200);
      await me(fresh.body.access_token).expect(200);
      await t
        .http()
        .post('/oauth/revoke')
        .send({ token: fresh.body.refresh_token, ...client })
        .expect(200);
      expect((await me(fresh.body.access_token).expect(401)).body.error).toBe('token_revoked');
    });

    it('needs client authentication and a token', async () => {
      expect((await t.http().post('/oauth/revoke').send({ token: 'x' }).expect(401)).body.error).toBe('invalid_client');
      const res = await t
        .http()
        .post('/oauth/revoke')
        .send({ client_id: app.clientId, client_secret: app.clientSecret })
        .expect(400);
      expect(res.body.error).toBe('invalid_request');
    });
  });

  it('authorizeApp works for a second tenant of the same app, with its own install', async () => {
    const other = await registerUser(t, 'second-tenant');
    const tokens = await authorizeApp(t, other, app, ['bom:read']);
    const res = await me(tokens.accessToken).expect(200);
    expect(res.body).toMatchObject({ org_id: other.orgId, entity_id: other.entityId, client_id: app.clientId });
  });
});
