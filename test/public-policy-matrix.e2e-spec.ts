import { grantRateLimit } from '@app/marketplace';
import { DataSource } from 'typeorm';
import { RouteDescription, RoutePolicies } from '@app/auth';
import { createTestApp, TestApp } from './support/test-app';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** A request path for a route: the tenant's ids for `:orgId`/`:entityId`, a well-formed id for any other parameter. */
function concretePath(route: RouteDescription, tenant: { orgId: string; entityId: string }): string {
  return route.path
    .replace(/\{[^}]*\}/g, '')
    .replace(/\*\w+/g, 'any')
    .replace(/:(\w+)/g, (_match, name: string) =>
      name === 'orgId' ? tenant.orgId : name === 'entityId' ? tenant.entityId : PLACEHOLDER_ID,
    );
}

/** `@All()` routes are exercised with GET. */
function methodOf(route: RouteDescription): Method {
  const method = route.method.toLowerCase();
  return (method === 'all' ? 'get' : method) as Method;
}

function label(route: RouteDescription): string {
  return `${route.method} ${route.path}`;
}

/**
 * The policy of every route, generated from the router: a route added later is covered without editing this file.
 * Public routes: no token, a user token, another tenant's ids, missing scopes. Internal routes: a real marketplace
 * token is turned away with the exact message of API.md §2.
 */
describe('public policy matrix (generated from RoutePolicies)', () => {
  let t: TestApp;
  let user: SignedInUser;
  let stranger: SignedInUser;
  let unscoped: InstalledApp;
  let routes: RouteDescription[];

  beforeAll(async () => {
    t = await createTestApp();
    user = await registerUser(t, 'matrix');
    stranger = await registerUser(t, 'matrix-stranger');
    unscoped = await installApp(t, user, []);
    // The matrix sends many requests with one token; the budget is not what it tests (the operator raises it).
    await grantRateLimit(t.app.get(DataSource), unscoped.clientId, { limit: 100000, windowSeconds: 60 });
    routes = t.app.get(RoutePolicies).describe();
  });
  afterAll(() => t.close());

  const publicRoutes = () => routes.filter((route) => route.policy === 'public');

  it('finds the public routes, all under /public/v1, and every internal one outside it', () => {
    expect(publicRoutes().length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      expect({ route: label(route), public: route.path.startsWith('/public/v1/') }).toEqual({
        route: label(route),
        public: route.policy === 'public',
      });
    }
  });

  it('every public route refuses a request without a token: 401 unauthorized', async () => {
    for (const route of publicRoutes()) {
      const res = await t.http()[methodOf(route)](concretePath(route, user));
      expect({ route: label(route), status: res.status, error: res.body.error }).toEqual({
        route: label(route),
        status: 401,
        error: 'unauthorized',
      });
    }
  });

  it('every public route refuses a user session token: 401 invalid_token_audience', async () => {
    for (const route of publicRoutes()) {
      const res = await t
        .http()
        [methodOf(route)](concretePath(route, user))
        .set('Authorization', `Bearer ${user.token}`);
      expect({ route: label(route), status: res.status, error: res.body.error }).toEqual({
        route: label(route),
        status: 401,
        error: 'invalid_token_audience',
      });
    }
  });

  it('every tenant route refuses another tenant’s ids before anything else: 403 tenant_scope_violation', async () => {
    const tenantRoutes = publicRoutes().filter((route) => /:orgId|:entityId/.test(route.path));
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(3);
    for (const route of tenantRoutes) {
      for (const ids of [
        { orgId: stranger.orgId, entityId: stranger.entityId },
        { orgId: user.orgId, entityId: stranger.entityId },
        { orgId: stranger.orgId, entityId: user.entityId },
      ]) {
        const res = await t
          .http()
          [methodOf(route)](concretePath(route, ids))
          .set('Authorization', `Bearer ${unscoped.accessToken}`);
        expect({ route: label(route), status: res.status, error: res.body.error }).toEqual({
          route: label(route),
          status: 403,
          error: 'tenant_scope_violation',
        });
      }
    }
  });

  it('every route that declares scopes refuses a token without them: 403 insufficient_scope with required', async () => {
    for (const route of publicRoutes().filter((r) => r.scopes?.length)) {
      const res = await t
        .http()
        [methodOf(route)](concretePath(route, user))
        .set('Authorization', `Bearer ${unscoped.accessToken}`);
      expect({
        route: label(route),
        status: res.status,
        error: res.body.error,
        required: res.body.required,
        challenge: res.headers['www-authenticate'],
      }).toEqual({
        route: label(route),
        status: 403,
        error: 'insufficient_scope',
        required: route.scopes,
        challenge: `Bearer error="insufficient_scope", scope="${route.scopes!.join(' ')}"`,
      });
    }
  });

  it('every internal route refuses a real marketplace token with the exact message', async () => {
    const internal = routes.filter((route) => route.policy === 'internal');
    expect(internal.length).toBeGreaterThan(0);
    for (const route of internal) {
      const res = await t
        .http()
        [methodOf(route)](concretePath(route, user))
        .set('Authorization', `Bearer ${unscoped.accessToken}`);
      expect({ route: label(route), status: res.status, body: res.body }).toMatchObject({
        status: 401,
        body: { error: 'invalid_token_audience', message: 'Marketplace app tokens cannot be used on user routes.' },
      });
    }
  });
});
