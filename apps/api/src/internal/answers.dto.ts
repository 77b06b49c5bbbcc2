import { ApiInteger, ApiUuid } from '@app/platform';
import type {
  AuthorizationServerMetadata,
  MarketplaceApp,
  MarketplaceAppWithSecret,
  MarketplaceInstall,
  RateLimit,
} from '@app/marketplace';
import type { ConsentRequest, MembershipSummary, Profile, Session, TokenResponse } from '@app/auth';
import type { MembershipRole } from '@app/platform';

// The answers of the identity, marketplace and OAuth routes, as classes the OpenAPI document can describe. Each
// implements the type its service returns, so a field added there and not here fails the typecheck.

export class SessionAnswer implements Session {
  /** The user session token: `Authorization: Bearer <accessToken>` on internal routes. */
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  @ApiInteger()
  expiresIn!: number;
  @ApiUuid()
  orgId!: string;
  @ApiUuid()
  entityId!: string;
  role!: MembershipRole;
}

export class ProfileUser {
  @ApiUuid()
  id!: string;
  email!: string;
  name!: string;
}

/** An org and entity by id and name: the tenant of a membership, or of a consent. */
export class TenantNames {
  @ApiUuid()
  orgId!: string;
  orgName!: string;
  @ApiUuid()
  entityId!: string;
  entityName!: string;
}

export class MembershipAnswer extends TenantNames implements MembershipSummary {
  role!: MembershipRole;
}

export class ProfileAnswer implements Profile {
  user!: ProfileUser;
  @ApiUuid()
  orgId!: string;
  @ApiUuid()
  entityId!: string;
  role!: MembershipRole;
  memberships!: MembershipAnswer[];
}

export class EntityAnswer {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  orgId!: string;
  name!: string;
  createdAt!: Date;
}

export class RateLimitAnswer implements RateLimit {
  @ApiInteger()
  limit!: number;
  @ApiInteger()
  windowSeconds!: number;
}

export class MarketplaceAppAnswer implements MarketplaceApp {
  @ApiUuid()
  id!: string;
  name!: string;
  /** The OAuth `client_id`. */
  clientId!: string;
  redirectUris!: string[];
  scopes!: string[];
  /** The app's rate-limit override; null means the default of 120 requests per 60 s. */
  rateLimit!: RateLimitAnswer | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class MarketplaceAppWithSecretAnswer extends MarketplaceAppAnswer implements MarketplaceAppWithSecret {
  /** Shown in this answer only; the server keeps a hash. */
  clientSecret!: string;
}

export class MarketplaceInstallAnswer implements MarketplaceInstall {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  appId!: string;
  appName!: string;
  clientId!: string;
  scopes!: string[];
  installedBy!: string;
  installedAt!: Date;
  updatedAt!: Date;
}

export class ConsentApp {
  @ApiUuid()
  id!: string;
  name!: string;
  clientId!: string;
}

export class ConsentAnswer implements ConsentRequest {
  app!: ConsentApp;
  scopes!: string[];
  tenant!: TenantNames;
  redirectUri!: string;
  state!: string;
}

export class AuthorizeDecisionAnswer {
  /** The registered redirect URI with `code` and `state`, or `error=access_denied`. */
  redirectTo!: string;
}

/** RFC 6749 §5.1, with the tenant and install the token acts for. */
export class TokenAnswer implements TokenResponse {
  access_token!: string;
  token_type!: 'Bearer';
  @ApiInteger()
  expires_in!: number;
  /** Rotates on every use; the previous one stays usable for 30 s. */
  refresh_token!: string;
  /** The granted scopes, space-separated. */
  scope!: string;
  @ApiUuid()
  org_id!: string;
  @ApiUuid()
  entity_id!: string;
  @ApiUuid()
  install_id!: string;
}

/** RFC 7009: the same empty answer whether or not the token was known. */
export class RevocationAnswer {}

export class AuthorizationServerMetadataAnswer implements AuthorizationServerMetadata {
  issuer!: string;
  authorization_endpoint!: string;
  token_endpoint!: string;
  revocation_endpoint!: string;
  grant_types_supported!: string[];
  response_types_supported!: string[];
  response_modes_supported!: string[];
  code_challenge_methods_supported!: string[];
  token_endpoint_auth_methods_supported!: string[];
  revocation_endpoint_auth_methods_supported!: string[];
  scopes_supported!: string[];
}
