import { Controller, Get } from '@nestjs/common';
import { RoutePolicies } from '@app/auth';
import { createTestApp, TestApp } from './support/test-app';
import { forgeToken, registerUser } from './support/identity';

@Controller('undeclared')
class UndeclaredController {
  @Get()
  open() {
    return { leaked: true };
  }
}

/** Fills route parameters with syntactically valid values, so that only the policy can answer. */
function concretePath(path: string, ids: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000');
}

describe('route policies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses to boot with a route that declares no layer', async () => {
    await expect(createTestApp({ controllers: [UndeclaredController] })).rejects.toThrow(
      /Routes without @InternalApi\(\), @PublicApi\(\) or @Anonymous\(\): GET \/undeclared/,
    );
  });

  it('every route declares exactly one known layer', () => {
    const routes = t.app.get(RoutePolicies).describe();
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(['internal', 'public', 'anonymous']).toContain(route.policy);
  });

  it('every internal route refuses no token, and a marketplace token with the exact message', async () => {
    const user = await registerUser(t, 'matrix');
    const marketplaceToken = forgeToken(
      { client_id: 'client', org_id: user.orgId, entity_id: user.entityId, scope: '', jti: 'jti' },
      { subject: 'install', audience: 'hellobooks:marketplace' },
    );
    const internal = t.app
      .get(RoutePolicies)
      .describe()
      .filter((r) => r.policy === 'internal');
    expect(internal.length).toBeGreaterThan(0);
    for (const route of internal) {
      const path = concretePath(route.path, { orgId: user.orgId, entityId: user.entityId });
      const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const anonymous = await t.http()[method](path);
      expect({ route: `${route.method} ${route.path}`, status: anonymous.status, error: anonymous.body.error }).toEqual(
        {
          route: `${route.method} ${route.path}`,
          status: 401,
          error: 'unauthorized',
        },
      );
      const wrongAudience = await t.http()[method](path).set('Authorization', `Bearer ${marketplaceToken}`);
      expect({
        route: `${route.method} ${route.path}`,
        status: wrongAudience.status,
        body: wrongAudience.body,
      }).toMatchObject({
        status: 401,
        body: { error: 'invalid_token_audience', message: 'Marketplace app tokens cannot be used on user routes.' },
      });
    }
  });
});
