import { createHash } from 'node:crypto';
import { matchesHash, newClientId, newCredential, sha256Hex, verifiesPkceChallenge } from './credentials';
import { DEFAULT_RATE_LIMIT, effectiveRateLimit, isWithin, rateLimitKey, storedRateLimit } from './rate-limit-policy';
import { redirectUriProblem } from './redirect-uris';
import { MARKETPLACE_SCOPES, parseScopeParameter } from './scopes';

describe('redirect URIs', () => {
  it.each([
    'https://app.example.com/cb',
    'https://app.example.com:8443/cb?x=1',
    'http://localhost:3000/cb',
    'http://127.0.0.1/cb',
  ])('accepts %s', (uri) => expect(redirectUriProblem(uri)).toBeUndefined());

  it.each([
    ['http://app.example.com/cb', /https/],
    ['http://localhost.evil.com/cb', /https/],
    ['ftp://localhost/cb', /https/],
    ['https://app.example.com/cb#x', /fragment/],
    ['https://u:p@app.example.com/cb', /credentials/],
    ['/relative', /absolute/],
  ])('refuses %s', (uri, reason) => expect(redirectUriProblem(uri)).toMatch(reason));
});

describe('credentials', () => {
  it('stores a SHA-256 and compares presented values against it', () => {
    const secret = newCredential('hbs_');
    expect(secret).toMatch(/^hbs_[A-Za-z0-9_-]{43}$/);
    expect(sha256Hex(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(matchesHash(secret, sha256Hex(secret))).toBe(true);
    expect(matchesHash(`${secret}x`, sha256Hex(secret))).toBe(false);
    expect(matchesHash(secret, 'not-hex')).toBe(false);
    expect(newClientId()).toMatch(/^hbc_[0-9a-f]{32}$/);
  });

  it('verifies PKCE S256 as RFC 7636 appendix B computes it', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(verifiesPkceChallenge(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true);
    expect(verifiesPkceChallenge(verifier, verifier)).toBe(false);
    expect(verifiesPkceChallenge(`${verifier}x`, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(false);
  });
});

describe('scopes and rate limits', () => {
  it('parses a space-separated scope parameter without duplicates', () => {
    expect(parseScopeParameter(' bom:read  bom:read webhook:create ')).toEqual(['bom:read', 'webhook:create']);
    expect(parseScopeParameter(undefined)).toEqual([]);
    expect(MARKETPLACE_SCOPES).toEqual(
      expect.arrayContaining(['workOrder:update', 'inventory:read', 'webhook:delete']),
    );
  });

  it('uses the override only within the ceiling, and keys counters per client and install alone', () => {
    expect(effectiveRateLimit(null)).toEqual({ limit: 120, windowSeconds: 60 });
    expect(effectiveRateLimit({ limit: 5, windowSeconds: 60 })).toEqual({ limit: 5, windowSeconds: 60 });
    // Raising above the default: the default stays in force.
    expect(effectiveRateLimit({ limit: 100000, windowSeconds: 1 })).toEqual(DEFAULT_RATE_LIMIT);
    // The operator's grant is in force when the owner set nothing, and caps what the owner sets.
    const ceiling = { limit: 1000, windowSeconds: 60 };
    expect(effectiveRateLimit(null, ceiling)).toEqual(ceiling);
    expect(effectiveRateLimit({ limit: 500, windowSeconds: 60 }, ceiling)).toEqual({ limit: 500, windowSeconds: 60 });
    expect(rateLimitKey('c', 'i')).toBe('hellobooks:ratelimit:c:i');
  });

  it('counts a limit as lower only when it allows neither a bigger burst nor a faster rate', () => {
    const ceiling = { limit: 120, windowSeconds: 60 };
    expect(isWithin({ limit: 120, windowSeconds: 60 }, ceiling)).toBe(true);
    expect(isWithin({ limit: 60, windowSeconds: 30 }, ceiling)).toBe(true);
    expect(isWithin({ limit: 10, windowSeconds: 60 }, ceiling)).toBe(true);
    expect(isWithin({ limit: 10, windowSeconds: 1 }, ceiling)).toBe(false);
    expect(isWithin({ limit: 240, windowSeconds: 120 }, ceiling)).toBe(false);
    expect(isWithin({ limit: 121, windowSeconds: 60 }, ceiling)).toBe(false);
  });

  it('reads a limit from its two columns', () => {
    expect(storedRateLimit(null, null)).toBeNull();
    expect(storedRateLimit(5, 60)).toEqual({ limit: 5, windowSeconds: 60 });
  });
});
