import { PassportStrategy } from '@nestjs/passport';
import type { AppConfig, TenantContext } from '@app/platform';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { keyOfClaimedAudience } from './token-keys';
import { bearerToken, VerifiedTokens } from './verified-tokens';

/**
 * The base of both layers' token strategies: a bearer JWT verified by passport-jwt (HS256, our issuer, the key of
 * the audience it claims), once per token string until it expires (`VerifiedTokens`), then `authorize`d on every
 * request: what the token may do now is never remembered.
 */
export function BearerJwtStrategy<Claims extends { exp: number }>(name: string) {
  abstract class BearerJwt extends PassportStrategy(Strategy, name) {
    readonly verifiedTokens = new VerifiedTokens<Claims>();

    constructor(config: AppConfig) {
      super({
        jwtFromRequest: bearerToken,
        secretOrKeyProvider: keyOfClaimedAudience(config),
        issuer: config.get('JWT_ISSUER'),
        algorithms: ['HS256'],
        passReqToCallback: true,
      });
    }

    /** A token verified before goes straight to `authorize`; any other through passport-jwt's verification. */
    override authenticate(request: Request, options?: unknown): void {
      if (!this.verifiedTokens.validateRecalled(request, this, (claims) => this.authorize(request, claims))) {
        super.authenticate(request, options);
      }
    }

    /** passport-jwt's callback with the claims it has just verified. */
    async validate(request: Request, claims: Claims): Promise<TenantContext> {
      this.verifiedTokens.remember(request, claims);
      return this.authorize(request, claims);
    }

    /** The tenant and actor of verified `claims`, checked as they stand now; an `ApiError` when refused. */
    protected abstract authorize(request: Request, claims: Claims): Promise<TenantContext>;
  }
  return BearerJwt;
}
