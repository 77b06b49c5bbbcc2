import { RoutePolicies } from '@app/auth';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every route with who may call it: its layer, the roles of an internal write, the scopes of a public route. A change
 * of who can reach a route shows up in review as a change of this snapshot, and has to be accepted on purpose
 * (`npx jest test/route-policy-snapshot.e2e-spec.ts -u`).
 */
describe('route policy snapshot', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the reviewed list of routes and their policies', () => {
    const lines = t.app
      .get(RoutePolicies)
      .describe()
      .map((route) =>
        [
          `${route.method} ${route.path}`,
          route.policy,
          route.roles ? `roles=${route.roles.join(',')}` : '',
          route.scopes ? `scopes=${route.scopes.join(',') || '(any token)'}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      )
      .sort();
    expect(lines).toMatchSnapshot();
  });
});
