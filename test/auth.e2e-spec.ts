import { createTestApp, TestApp } from './support/test-app';
import { forgeToken, registerUser, TEST_PASSWORD } from './support/identity';

describe('identity: register, login, me, entities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers a user with an org and entity and signs them in as owner', async () => {
    const res = await t
      .http()
      .post('/auth/register')
      .send({ email: 'ada@example.com', password: TEST_PASSWORD, name: 'Ada', orgName: 'Ada Co', entityName: 'Works' })
      .expect(201);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      orgId: expect.any(String),
      entityId: expect.any(String),
      role: 'owner',
    });
    const [stored] = await t.sql<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE email = 'ada@example.com'",
    );
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('refuses a taken email (any case) with 409 conflict and creates nothing', async () => {
    const before = await t.sql<{ n: string }>('SELECT count(*) AS n FROM orgs');
    const res = await t
      .http()
      .post('/auth/register')
      .send({ email: 'ADA@example.com', password: TEST_PASSWORD, name: 'Ada 2', orgName: 'X', entityName: 'Y' })
      .expect(409);
    expect(res.body).toMatchObject({ error: 'conflict', request_id: expect.any(String) });
    expect(await t.sql('SELECT count(*) AS n FROM orgs')).toEqual(before);
  });

  it('refuses a short password and unknown fields with validation_failed details', async () => {
    const res = await t
      .http()
      .post('/auth/register')
      .send({ email: 'not-an-email', password: 'short', name: 'A', orgName: 'B', entityName: 'C', admin: true })
      .expect(400);
    expect(res.body.error).toBe('validation_failed');
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'admin']));
  });

  it('logs in, and answers the same 401 for an unknown email and a wrong password', async () => {
    const ok = await t
      .http()
      .post('/auth/login')
      .send({ email: 'ada@example.com', password: TEST_PASSWORD })
      .expect(200);
    expect(ok.body.role).toBe('owner');
    const wrong = await t
      .http()
      .post('/auth/login')
      .send({ email: 'ada@example.com', password: 'wrong password!!' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/auth/login')
      .send({ email: 'nobody@example.com', password: 'wrong password!!' })
      .expect(401);
    expect(wrong.body.error).toBe('unauthorized');
    expect(unknown.body.error).toBe('unauthorized');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('GET /auth/me shows the user, the tenant of the token and every membership', async () => {
    const user = await registerUser(t, 'me');
    const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(res.body).toEqual({
      user: { id: user.userId, email: user.email, name: 'Test me' },
      orgId: user.orgId,
      entityId: user.entityId,
      role: 'owner',
      memberships: [
        { orgId: user.orgId, orgName: 'me Org', entityId: user.entityId, entityName: 'me Plant', role: 'owner' },
      ],
    });
  });

  it('answers 401 without a token, with a bad one, and token_expired for an expired one', async () => {
    expect((await t.http().get('/auth/me').expect(401)).body.error).toBe('unauthorized');
    const bad = await t.http().get('/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    expect(bad.body.error).toBe('unauthorized');
    const user = await registerUser(t, 'expired');
    const expired = forgeToken(
      { org_id: user.orgId, entity_id: user.entityId, role: 'owner', exp: Math.floor(Date.now() / 1000) - 10 },
      { subject: user.userId, audience: 'hellobooks:user' },
    );
    const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.error).toBe('token_expired');
  });

  it('refuses a marketplace token on a user route with the exact message', async () => {
    const user = await registerUser(t, 'aud');
    const token = forgeToken(
      { client_id: 'c', org_id: user.orgId, entity_id: user.entityId, scope: 'bom:read', jti: 'j' },
      { subject: 'install', audience: 'hellobooks:marketplace' },
    );
    const res = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.body).toMatchObject({
      error: 'invalid_token_audience',
      message: 'Marketplace app tokens cannot be used on user routes.',
    });
  });

  describe('POST /orgs/:orgId/entities', () => {
    it('creates an entity whose creator is its owner, and login can pick it', async () => {
      const user = await registerUser(t, 'orgadmin');
      const res = await t
        .http()
        .post(`/orgs/${user.orgId}/entities`)
        .set('Authorization', `Bearer ${user.token}`)
        .send({ name: 'Second Plant' })
        .expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), orgId: user.orgId, name: 'Second Plant' });
      const login = await t
        .http()
        .post('/auth/login')
        .send({ email: user.email, password: user.password, orgId: user.orgId, entityId: res.body.id })
        .expect(200);
      expect(login.body).toMatchObject({ orgId: user.orgId, entityId: res.body.id, role: 'owner' });
      const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${user.token}`).expect(200);
      expect(me.body.memberships).toHaveLength(2);
      expect(me.body.entityId).toBe(user.entityId);
    });

    it('is 404 for another org, 403 for a member, 400 for a bad id or body', async () => {
      const owner = await registerUser(t, 'owner');
      const stranger = await registerUser(t, 'stranger');
      const other = await t
        .http()
        .post(`/orgs/${stranger.orgId}/entities`)
        .set('Authorization', `Bearer ${owner.token}`)
        .send({ name: 'Nope' })
        .expect(404);
      expect(other.body.error).toBe('not_found');

      await t.sql("UPDATE memberships SET role = 'member' WHERE user_id = $1", [owner.userId]);
      const member = await t
        .http()
        .post('/auth/login')
        .send({ email: owner.email, password: owner.password })
        .expect(200);
      const forbidden = await t
        .http()
        .post(`/orgs/${owner.orgId}/entities`)
        .set('Authorization', `Bearer ${member.body.accessToken}`)
        .send({ name: 'Nope' })
        .expect(403);
      expect(forbidden.body.error).toBe('forbidden');

      const badId = await t
        .http()
        .post('/orgs/not-a-uuid/entities')
        .set('Authorization', `Bearer ${owner.token}`)
        .send({ name: 'x' })
        .expect(400);
      expect(badId.body).toMatchObject({
        error: 'validation_failed',
        details: [{ field: 'orgId', message: expect.any(String) }],
      });
      const badBody = await t
        .http()
        .post(`/orgs/${owner.orgId}/entities`)
        .set('Authorization', `Bearer ${owner.token}`)
        .send({})
        .expect(400);
      expect(badBody.body.details[0].field).toBe('name');
      const [{ n }] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM entities WHERE org_id = $1', [owner.orgId]);
      expect(n).toBe('1');
    });

    it('lets a viewer read but not write', async () => {
      const user = await registerUser(t, 'viewer');
      await t.sql("UPDATE memberships SET role = 'viewer' WHERE user_id = $1", [user.userId]);
      const viewer = await t
        .http()
        .post('/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      await t.http().get('/auth/me').set('Authorization', `Bearer ${viewer.body.accessToken}`).expect(200);
      await t
        .http()
        .post(`/orgs/${user.orgId}/entities`)
        .set('Authorization', `Bearer ${viewer.body.accessToken}`)
        .send({ name: 'x' })
        .expect(403);
    });
  });

  it('login to a tenant the user does not belong to is a 404', async () => {
    const a = await registerUser(t, 'a');
    const b = await registerUser(t, 'b');
    const res = await t
      .http()
      .post('/auth/login')
      .send({ email: a.email, password: a.password, orgId: b.orgId })
      .expect(404);
    expect(res.body.error).toBe('not_found');
  });

  it('counts parallel failed logins too: a burst of guesses gets at most 10 password checks', async () => {
    const user = await registerUser(t, 'burst');
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post('/auth/login')
          .send({ email: user.email, password: `wrong password ${i}` }),
      ),
    );
    // The email's counter lets 10 through; the hashing pool checks one of an address's at a time.
    const checked = burst.filter((res) => res.status === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(burst.filter((res) => res.status === 429)).toHaveLength(20 - checked);
    await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(429);
  }, 30000);

  it('slows down and then refuses repeated failed logins for one email with 429 rate_limited', async () => {
    const user = await registerUser(t, 'brute');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (await t.http().post('/auth/login').send({ email: user.email, password: 'wrong password!!' })).status,
      );
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(429);
    expect(locked.body).toMatchObject({ error: 'rate_limited', retry_after: expect.any(Number) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another email is not affected.
    await t.http().post('/auth/login').send({ email: 'ada@example.com', password: TEST_PASSWORD }).expect(200);
  }, 30000);
});
