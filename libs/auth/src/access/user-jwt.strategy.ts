import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { ApiError, AppConfig, MARKETPLACE_TOKEN_AUDIENCE, TenantContext, USER_TOKEN_AUDIENCE } from '@app/platform';
import type { Request } from 'express';
import { IdentityService } from '../identity/identity.service';
import type { UserTokenClaims } from '../tokens/user-token.issuer';
import { BearerJwtStrategy } from './bearer-jwt.strategy';
import { MembershipCache } from './membership-cache';

export const USER_JWT_STRATEGY = 'user-jwt';

/**
 * Verifies the signature and expiry of a bearer token, then its audience: a marketplace token verifies with the
 * marketplace key and is turned away here with the message API.md fixes. The tenant and role come from the
 * membership as it is now, not as it was when the token was signed.
 */
@Injectable()
export class UserJwtStrategy extends BearerJwtStrategy<UserTokenClaims>(USER_JWT_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly identity: IdentityService,
    private readonly memberships: MembershipCache,
  ) {
    super(config);
  }

  protected async authorize(_request: Request, claims: UserTokenClaims): Promise<TenantContext> {
    const audiences = ([] as string[]).concat(claims.aud);
    if (audiences.includes(MARKETPLACE_TOKEN_AUDIENCE)) {
      throw new ApiError(401, 'invalid_token_audience', 'Marketplace app tokens cannot be used on user routes.');
    }
    if (!audiences.includes(USER_TOKEN_AUDIENCE)) {
      throw new ApiError(401, 'invalid_token_audience', 'This token is not a user session token.');
    }
    // The membership in force on every request (kept in memory, dropped on every instance as it changes): a
    // removed member is refused and a changed role applies at once.
    const { sub: userId, org_id: orgId, entity_id: entityId } = claims;
    const wellFormed = [userId, orgId, entityId].every((id) => isUUID(id));
    const membership = wellFormed
      ? await this.memberships.get(`${userId}:${orgId}:${entityId}`, claims.exp * 1000, async () => {
          const role = await this.identity.roleInForce(userId, orgId, entityId);
          return role && { userId, role };
        })
      : undefined;
    const role = membership?.role;
    if (!role) {
      throw new ApiError(
        401,
        'token_revoked',
        'The membership this token was issued for no longer exists; sign in again.',
        {},
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      );
    }
    return { orgId: claims.org_id, entityId: claims.entity_id, actor: { kind: 'user', userId: claims.sub, role } };
  }
}
