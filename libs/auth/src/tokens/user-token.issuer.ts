import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, MembershipRole, USER_TOKEN_AUDIENCE } from '@app/platform';

/** The claims of a user session token (API.md §3). */
export interface UserTokenClaims {
  sub: string;
  aud: string;
  iss: string;
  org_id: string;
  entity_id: string;
  role: MembershipRole;
  iat: number;
  exp: number;
}

@Injectable()
export class UserTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issue(membership: { userId: string; orgId: string; entityId: string; role: MembershipRole }) {
    const expiresIn = this.config.get('USER_TOKEN_TTL_SECONDS');
    const accessToken = await this.jwt.signAsync(
      { org_id: membership.orgId, entity_id: membership.entityId, role: membership.role },
      {
        secret: this.config.tokenSigningKey(USER_TOKEN_AUDIENCE),
        subject: membership.userId,
        audience: USER_TOKEN_AUDIENCE,
        issuer: this.config.get('JWT_ISSUER'),
        expiresIn,
      },
    );
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn,
      orgId: membership.orgId,
      entityId: membership.entityId,
      role: membership.role,
    };
  }
}
