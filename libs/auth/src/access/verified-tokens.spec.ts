import type { Request } from 'express';
import { VerifiedTokens } from './verified-tokens';

interface Claims {
  sub: string;
  exp: number;
}

function bearing(token: string): Request {
  return { headers: { authorization: `Bearer ${token}` } } as unknown as Request;
}

describe('VerifiedTokens', () => {
  let now: number;
  let tokens: VerifiedTokens<Claims>;
  const outcome = { success: jest.fn(), error: jest.fn() };
  const validate = jest.fn((claims: Claims) => Promise.resolve({ user: claims.sub }));
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    now = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    tokens = new VerifiedTokens<Claims>();
    jest.clearAllMocks();
  });
  afterEach(() => jest.restoreAllMocks());

  it('hands the claims of a token verified before to validate, and ends with its user', async () => {
    const claims = { sub: 'user-1', exp: now / 1000 + 60 };
    tokens.remember(bearing('token-a'), claims);
    expect(tokens.validateRecalled(bearing('token-a'), outcome, validate)).toBe(true);
    await settled();
    expect(validate).toHaveBeenCalledWith(claims);
    expect(outcome.success).toHaveBeenCalledWith({ user: 'user-1' });
  });

  it('knows only the exact token string that was verified', () => {
    tokens.remember(bearing('token-a'), { sub: 'user-1', exp: now / 1000 + 60 });
    expect(tokens.validateRecalled(bearing('token-a2'), outcome, validate)).toBe(false);
    expect(tokens.validateRecalled({ headers: {} } as Request, outcome, validate)).toBe(false);
    expect(validate).not.toHaveBeenCalled();
  });

  it('forgets a token from the second its exp is reached, as jsonwebtoken expires it', () => {
    tokens.remember(bearing('token-a'), { sub: 'user-1', exp: now / 1000 + 60 });
    now += 59_999;
    expect(tokens.validateRecalled(bearing('token-a'), outcome, validate)).toBe(true);
    now += 1;
    expect(tokens.validateRecalled(bearing('token-a'), outcome, validate)).toBe(false);
    now -= 10_000;
    expect(tokens.validateRecalled(bearing('token-a'), outcome, validate)).toBe(false);
  });

  it("ends with validate's error when it refuses the claims", async () => {
    tokens.remember(bearing('token-a'), { sub: 'user-1', exp: now / 1000 + 60 });
    const refusal = new Error('membership gone');
    expect(tokens.validateRecalled(bearing('token-a'), outcome, () => Promise.reject(refusal))).toBe(true);
    await settled();
    expect(outcome.error).toHaveBeenCalledWith(refusal);
    expect(outcome.success).not.toHaveBeenCalled();
  });
});
