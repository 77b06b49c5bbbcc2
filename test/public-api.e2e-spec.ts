import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { IsString, IsUUID } from 'class-validator';
import { AuthModule, PublicApi, Scopes, Tenant } from '@app/auth';
import { Internal, MARKETPLACE_TOKEN_AUDIENCE, TenantContext } from '@app/platform';
import jwt from 'jsonwebtoken';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser, testSigningKey } from './support/identity';
import { authorizeApp, installApp, InstalledApp } from './support/marketplace';

class Widget {
  constructor(
    readonly widgetId: string,
    readonly displayName: string,
  ) {}
  @Internal() costBreakdown = { labourRate: '12.5000' };
  nestedParts = [{ partNumber: 'P-1' }];
}

class WidgetDto {
  @IsString() name!: string;
}

class TenantParams {
  @IsUUID() orgId!: string;
  @IsUUID() entityId!: string;
}

let widgetsCreated = 0;

/** A public resource for this test only: shape, idempotency and the order of checks. */
@Controller('public/v1/orgs/:orgId/entities/:entityId/test-widgets')
@PublicApi()
class TestWidgetsController {
  @Get()
  @Scopes('bom:read')
  list(@Tenant() tenant: TenantContext, @Param() _params: TenantParams) {
    return { data: [new Widget(tenant.entityId, 'Gear')], nextCursor: null };
  }

  @Post()
  @Scopes('bom:create')
  create(@Param() _params: TenantParams, @Body() body: WidgetDto) {
    widgetsCreated += 1;
    return new Widget(`w-${widgetsCreated}`, body.name);
  }

  @Post('echo')
  @HttpCode(200)
  @Scopes('bom:create')
  echo(@Param() _params: TenantParams, @Body() body: WidgetDto) {
    widgetsCreated += 1;
    return { echoed: body.name, count: widgetsCreated };
  }
}

describe('public API foundations', () => {
  let t: TestApp;
  let user: SignedInUser;
  let installed: InstalledApp;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const widgets = (u: { orgId: string; entityId: string }) =>
    `/public/v1/orgs/${u.orgId}/entities/${u.entityId}/test-widgets`;
  /** A POST with an Idempotency-Key, as the installed app (or another install) sends it. */
  const postWithKey = (path: string, key: string, body: object, token = installed.accessToken) =>
    t.http().post(path).set(bearer(token)).set('Idempotency-Key', key).send(body);

  beforeAll(async () => {
    t = await createTestApp({ controllers: [TestWidgetsController], imports: [AuthModule] });
    user = await registerUser(t, 'public');
    installed = await installApp(t, user, ['bom:read', 'bom:create']);
  });
  afterAll(() => t.close());

  it('GET /public/v1/health answers ok with the server time and the rate-limit headers', async () => {
    const before = Date.now();
    const res = await t.http().get('/public/v1/health').set(bearer(installed.accessToken)).expect(200);
    expect(res.body).toEqual({ status: 'ok', time: expect.any(String) });
    expect(new Date(res.body.time).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(res.headers['x-ratelimit-limit']).toBe('120');
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeLessThan(120);
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(res.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
  });

  it('GET /public/v1/me describes the install, tenant, scopes and token expiry in snake_case', async () => {
    const res = await t.http().get('/public/v1/me').set(bearer(installed.accessToken)).expect(200);
    expect(res.body).toEqual({
      install_id: installed.installId,
      client_id: installed.clientId,
      app: { id: installed.appId, name: 'Test App' },
      org_id: user.orgId,
      entity_id: user.entityId,
      scopes: ['bom:read', 'bom:create'],
      token_expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const expiresIn = new Date(res.body.token_expires_at).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
  });

  it.each(['invoices', 'bills', 'customers'])(
    '…/%s answers 501 not_implemented with a ticket, any method and sub-path',
    async (resource) => {
      const base = `/public/v1/orgs/${user.orgId}/entities/${user.entityId}/${resource}`;
      for (const [method, path] of [
        ['get', base],
        ['post', base],
        ['get', `${base}/123`],
        ['delete', `${base}/123/lines/4`],
        ['patch', `${base}/x`],
      ] as const) {
        const res = await t.http()[method](path).set(bearer(installed.accessToken));
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 501 });
        expect(res.body).toMatchObject({
          error: 'not_implemented',
          ticket: expect.any(String),
          request_id: expect.any(String),
        });
      }
    },
  );

  it('answers in the public shape: @Internal fields removed at any depth, keys in snake_case', async () => {
    const res = await t.http().get(widgets(user)).set(bearer(installed.accessToken)).expect(200);
    expect(res.body).toEqual({
      data: [{ widget_id: user.entityId, display_name: 'Gear', nested_parts: [{ part_number: 'P-1' }] }],
      next_cursor: null,
    });
  });

  it('refuses an expired token, a forged one and a garbage one', async () => {
    const garbage = await t.http().get('/public/v1/me').set(bearer('not.a.jwt')).expect(401);
    expect(garbage.body.error).toBe('unauthorized');
    const claims = jwt.decode(installed.accessToken) as Record<string, unknown>;
    const marketplaceKey = testSigningKey(MARKETPLACE_TOKEN_AUDIENCE);
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, marketplaceKey);
    expect((await t.http().get('/public/v1/me').set(bearer(expired)).expect(401)).body.error).toBe('token_expired');
    const unknownJti = jwt.sign({ ...claims, jti: 'made-up' }, marketplaceKey);
    expect((await t.http().get('/public/v1/me').set(bearer(unknownJti)).expect(401)).body.error).toBe('unauthorized');
    const otherKey = jwt.sign(claims, 'another-secret-that-is-long-enough-to-sign');
    expect((await t.http().get('/public/v1/me').set(bearer(otherKey)).expect(401)).body.error).toBe('unauthorized');
  });

  it('validation runs after the guards: a bad body from the right tenant is 400 validation_failed', async () => {
    const res = await t.http().post(widgets(user)).set(bearer(installed.accessToken)).send({ name: 3, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  });

  it('a body nested thousands of levels deep is 400 invalid_request, never a stack overflow', async () => {
    const depth = 5000;
    for (const body of [
      `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"name":"x","extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    ]) {
      const res = await t
        .http()
        .post(widgets(user))
        .set(bearer(installed.accessToken))
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });

  it('documents the marketplace bearer scheme and each route’s scopes in the OpenAPI document', async () => {
    const res = await t.http().get('/openapi.json').expect(200);
    expect(res.body.components.securitySchemes.marketplace).toMatchObject({ type: 'http', scheme: 'bearer' });
    const list = res.body.paths['/public/v1/orgs/{orgId}/entities/{entityId}/test-widgets'].get;
    expect(list.security).toEqual([{ marketplace: [] }]);
    expect(list['x-required-scopes']).toEqual(['bom:read']);
    expect(res.body.paths['/public/v1/me'].get.security).toEqual([{ marketplace: [] }]);
  });

  describe('Idempotency-Key on POST', () => {
    it('a retry with the same key and body returns the first answer without running the handler again', async () => {
      const before = widgetsCreated;
      const first = await postWithKey(widgets(user), 'create-gear-1', { name: 'Gear' }).expect(201);
      const retry = await postWithKey(widgets(user), 'create-gear-1', { name: 'Gear' }).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(widgetsCreated).toBe(before + 1);
      const echoed = await postWithKey(`${widgets(user)}/echo`, 'echo-1', { name: 'A' }).expect(200);
      const echoedAgain = await postWithKey(`${widgets(user)}/echo`, 'echo-1', { name: 'A' }).expect(200);
      expect(echoedAgain.body).toEqual(echoed.body);
    });

    it('the same key with another body is 409 conflict', async () => {
      await postWithKey(widgets(user), 'k-2', { name: 'One' }).expect(201);
      const res = await postWithKey(widgets(user), 'k-2', { name: 'Two' }).expect(409);
      expect(res.body.error).toBe('conflict');
    });

    it('keys are per install, a failed request can be retried with its key, and no key means no replay', async () => {
      const other = await authorizeApp(
        t,
        user,
        { clientId: installed.clientId, clientSecret: installed.clientSecret },
        ['bom:create'],
      );
      const stranger = await registerUser(t, 'idem-other');
      const strangerInstall = await installApp(t, stranger, ['bom:create']);
      const a = await postWithKey(widgets(user), 'shared', { name: 'X' }).expect(201);
      const b = await postWithKey(widgets(stranger), 'shared', { name: 'X' }, strangerInstall.accessToken).expect(201);
      expect(b.body.widget_id).not.toBe(a.body.widget_id);
      expect(other.installId).toBe(installed.installId);

      const invalid = await postWithKey(widgets(user), 'fix-and-retry', { name: 1 }).expect(400);
      expect(invalid.body.error).toBe('validation_failed');
      await postWithKey(widgets(user), 'fix-and-retry', { name: 'Fixed' }).expect(201);

      const one = await t.http().post(widgets(user)).set(bearer(installed.accessToken)).send({ name: 'Y' });
      const two = await t.http().post(widgets(user)).set(bearer(installed.accessToken)).send({ name: 'Y' });
      expect(one.body.widget_id).not.toBe(two.body.widget_id);
      const [{ n }] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM idempotency_keys');
      expect(Number(n)).toBeGreaterThanOrEqual(4);
    });

    it('refuses a malformed key with 400 invalid_request', async () => {
      const res = await postWithKey(widgets(user), 'x'.repeat(300), { name: 'Z' }).expect(400);
      expect(res.body.error).toBe('invalid_request');
    });
  });

  describe('rate limit', () => {
    it('the 121st request of an install inside 60 s is 429 with Retry-After; another install of the app is unaffected', async () => {
      const limited = await installApp(t, user, ['bom:read']);
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) {
        statuses.push((await t.http().get('/public/v1/health').set(bearer(limited.accessToken))).status);
      }
      expect(statuses).toEqual(Array(120).fill(200));
      const refused = await t.http().get('/public/v1/health').set(bearer(limited.accessToken)).expect(429);
      expect(refused.body).toMatchObject({
        error: 'rate_limited',
        retry_after: expect.any(Number),
        limit: 120,
        window_seconds: 60,
        request_id: expect.any(String),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect(refused.headers['x-ratelimit-limit']).toBe('120');

      // Another install of the same app (another tenant) has a budget of its own.
      const other = await registerUser(t, 'rl-other');
      const sameApp = await authorizeApp(t, other, limited, ['bom:read']);
      const fine = await t.http().get('/public/v1/health').set(bearer(sameApp.accessToken)).expect(200);
      expect(fine.headers['x-ratelimit-remaining']).toBe('119');
    });

    it('an app override of 5 per 60 s takes effect, and the rate limit comes before the tenant check', async () => {
      const small = await installApp(t, user, ['bom:read']);
      await t
        .http()
        .patch(`/marketplace/apps/${small.appId}`)
        .set(bearer(user.token))
        .send({ rateLimit: { limit: 5, windowSeconds: 60 } })
        .expect(200);
      for (let i = 0; i < 5; i++) {
        const res = await t.http().get('/public/v1/me').set(bearer(small.accessToken)).expect(200);
        expect(res.headers['x-ratelimit-limit']).toBe('5');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(4 - i));
      }
      const stranger = await registerUser(t, 'rl-stranger');
      const res = await t.http().get(widgets(stranger)).set(bearer(small.accessToken)).expect(429);
      expect(res.body).toMatchObject({ error: 'rate_limited', limit: 5, window_seconds: 60 });
    });
  });
});
