import { SCOPES_KEY } from './route-policies';
import { Scopes } from './public-api.decorators';

class Probe {
  handler(): void {}
}

describe('@Scopes()', () => {
  it('records the scopes a route needs', () => {
    Scopes('bom:read', 'webhook:create')(Probe);
    expect(Reflect.getMetadata(SCOPES_KEY, Probe)).toEqual(['bom:read', 'webhook:create']);
  });

  it('takes only scopes of the catalogue: a misspelt one or none at all does not compile', () => {
    // `npm run typecheck` fails if either line below ever compiles (the directive then has no error to expect).
    // @ts-expect-error 'bom:raed' is not a MarketplaceScope
    expect(() => Scopes('bom:raed')).not.toThrow();
    // @ts-expect-error a route that needs no scope says @ScopeFree()
    expect(() => Scopes()).not.toThrow();
  });
});
