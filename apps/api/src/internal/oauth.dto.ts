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
