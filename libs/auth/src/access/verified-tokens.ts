import type { Request } from 'express';
import { ExtractJwt } from 'passport-jwt';

/** Past this many tokens the oldest is forgotten (it is verified again the next time it comes). */
const MAX_TOKENS = 10_000;

/** The actions a passport strategy ends `authenticate` with (set on it by passport for each request). */
interface StrategyOutcome {
  success(user: unknown): void;
  error(error: Error): void;
}

/** Both layers read the token from `Authorization: Bearer …`. */
export const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The claims of bearer tokens that passed passport-jwt's verification (signature, algorithm, issuer, expiry), by the
 * exact token string, until they expire: the same string verifies the same way with the same keys, so a client that
 * sends its token again skips decoding it twice, an HMAC and the claim checks. Expiry is the only check whose answer
 * changes with time; a token whose `exp` has passed is forgotten and goes through the full verification again, which
 * answers `token_expired` as before. What the token may do (membership, install, scopes) is never remembered here.
 */
export class VerifiedTokens<Claims extends { exp: number }> {
  private readonly claimsByToken = new Map<string, Claims>();

  /** Called with the claims passport-jwt has just verified for `request`'s token. */
  remember(request: Request, claims: Claims): void {
    const token = bearerToken(request);
    if (!token || typeof claims.exp !== 'number' || this.claimsByToken.has(token)) return;
    if (this.claimsByToken.size >= MAX_TOKENS) this.claimsByToken.delete(this.claimsByToken.keys().next().value!);
    this.claimsByToken.set(token, claims);
  }

  /**
   * For a strategy's `authenticate`: when `request`'s token was verified before, hands its claims to `validate` and
   * ends the authentication as passport-jwt would after verifying it, and returns true; false for any other token.
   */
  validateRecalled(
    request: Request,
    strategy: StrategyOutcome,
    validate: (claims: Claims) => Promise<unknown>,
  ): boolean {
    const claims = this.recall(request);
    if (!claims) return false;
    validate(claims).then(
      (user) => strategy.success(user),
      (error: Error) => strategy.error(error),
    );
    return true;
  }

  /** The claims of `request`'s token if it was verified before and has not expired since. */
  private recall(request: Request): Claims | undefined {
    const token = bearerToken(request);
    const claims = token ? this.claimsByToken.get(token) : undefined;
    if (!claims) return undefined;
    // jsonwebtoken's own rule: expired once the current second reaches `exp`.
    if (Math.floor(Date.now() / 1000) < claims.exp) return claims;
    this.claimsByToken.delete(token!);
    return undefined;
  }
}
