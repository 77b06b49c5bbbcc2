import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ApiError, AppConfig, MARKETPLACE_TOKEN_AUDIENCE, TenantContext, USER_TOKEN_AUDIENCE } from '@app/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { UserTokenClaims } from '../tokens/user-token.issuer';

export const USER_JWT_STRATEGY = 'user-jwt';

/**
 * Verifies the signature and expiry of a bearer token, then its audience: a marketplace token is signed by the
 * same server and so verifies, and is turned away here with the message API.md fixes.
 */
@Injectable()
export class UserJwtStrategy extends PassportStrategy(Strategy, USER_JWT_STRATEGY) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      issuer: config.get('JWT_ISSUER'),
      algorithms: ['HS256'],
    });
  }

  validate(claims: UserTokenClaims): TenantContext {
    const audiences = ([] as string[]).concat(claims.aud);
    if (audiences.includes(MARKETPLACE_TOKEN_AUDIENCE)) {
      throw new ApiError(401, 'invalid_token_audience', 'Marketplace app tokens cannot be used on user routes.');
    }
    if (!audiences.includes(USER_TOKEN_AUDIENCE)) {
      throw new ApiError(401, 'invalid_token_audience', 'This token is not a user session token.');
    }
    return {
      orgId: claims.org_id,
      entityId: claims.entity_id,
      actor: { kind: 'user', userId: claims.sub, role: claims.role },
    };
  }
}
