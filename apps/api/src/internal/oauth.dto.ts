import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AuthorizationRequest } from '@app/marketplace';

/**
 * An authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3), with the parameter names the RFCs fix. Presence and
 * meaning are checked by the authorization server so that it can answer with the RFC's error codes.
 */
export class AuthorizeQueryDto {
  @IsOptional() @IsString() @MaxLength(64) response_type?: string;
  @IsOptional() @IsString() @MaxLength(200) client_id?: string;
  @IsOptional() @IsString() @MaxLength(2000) redirect_uri?: string;
  @IsOptional() @IsString() @MaxLength(2000) scope?: string;
  @IsOptional() @IsString() @MaxLength(1000) state?: string;
  @IsOptional() @IsString() @MaxLength(200) code_challenge?: string;
  @IsOptional() @IsString() @MaxLength(16) code_challenge_method?: string;
}

export class AuthorizeDecisionDto extends AuthorizeQueryDto {
  /** The user's answer on the consent screen. */
  @IsBoolean() approve!: boolean;
}

export function toAuthorizationRequest(dto: AuthorizeQueryDto): AuthorizationRequest {
  return {
    responseType: dto.response_type,
    clientId: dto.client_id,
    redirectUri: dto.redirect_uri,
    scope: dto.scope,
    state: dto.state,
    codeChallenge: dto.code_challenge,
    codeChallengeMethod: dto.code_challenge_method,
  };
}

/**
 * The token endpoint's parameters (RFC 6749 §4.1.3, §6; RFC 7636 §4.5), form-encoded or JSON, for the document:
 * the token service reads them itself so that it can answer with the RFC's error codes.
 */
export class TokenRequestDoc {
  grant_type!: 'authorization_code' | 'refresh_token';
  /** authorization_code: the code from the redirect. */
  code?: string;
  /** authorization_code: the redirect URI of the authorization request. */
  redirect_uri?: string;
  /** authorization_code: the PKCE verifier (S256). */
  code_verifier?: string;
  /** refresh_token: the refresh token to rotate. */
  refresh_token?: string;
  /** refresh_token: a narrower set of scopes, space-separated. */
  scope?: string;
  /** client_secret_post; use HTTP Basic or these two, not both. */
  client_id?: string;
  client_secret?: string;
}

/** RFC 7009 §2.1. */
export class RevocationRequestDoc {
  token!: string;
  token_type_hint?: 'refresh_token' | 'access_token';
  /** client_secret_post; use HTTP Basic or these two, not both. */
  client_id?: string;
  client_secret?: string;
}
