import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Anonymous, ConsentScreen, InternalApi, OAuthParameters, OAuthTokenService, Roles, Tenant } from '@app/auth';
import { AuthorizationServerService, authorizationServerMetadata } from '@app/marketplace';
import { InternalAnswer, type TenantContext } from '@app/platform';
import type { Request, Response } from 'express';
import {
  AuthorizeDecisionDto,
  AuthorizeQueryDto,
  RevocationRequestDoc,
  toAuthorizationRequest,
  TokenRequestDoc,
} from './oauth.dto';
import {
  AuthorizationServerMetadataAnswer,
  AuthorizeDecisionAnswer,
  ConsentAnswer,
  RevocationAnswer,
  TokenAnswer,
} from './answers.dto';

/** The client authentication of the token and revocation endpoints, as the OpenAPI document names it. */
export const OAUTH_CLIENT_SCHEME = 'oauth_client';

/** RFC 6749 §5.2 errors of the token and revocation endpoints, with `error_description`. */
const TOKEN_ENDPOINT_ERRORS = [
  ApiResponse({
    status: 400,
    description: '`invalid_request`, `invalid_grant`, `invalid_scope` or `unsupported_grant_type`',
  }),
  ApiResponse({ status: 401, description: '`invalid_client`, with `WWW-Authenticate: Basic`' }),
];

/**
 * The OAuth 2 authorization server (API.md §4). Its JSON follows RFC 6749 (snake_case parameters and token
 * responses), the consent endpoints answer the frontend in camelCase.
 */
@ApiTags('oauth')
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly server: AuthorizationServerService,
    private readonly consent: ConsentScreen,
    private readonly tokens: OAuthTokenService,
  ) {}

  /** Validates an authorization request and returns what the consent screen shows. */
  @InternalAnswer('Validate an authorization request for the consent screen', ConsentAnswer)
  @Get('authorize')
  @InternalApi()
  describe(@Tenant() tenant: TenantContext, @Query() query: AuthorizeQueryDto) {
    return this.consent.describe(tenant, toAuthorizationRequest(query));
  }

  /** The owner's or admin's answer: installs the app on approval; `{ redirectTo }` either way. */
  @InternalAnswer('Approve or deny an install', AuthorizeDecisionAnswer)
  @Post('authorize')
  @HttpCode(200)
  @InternalApi()
  @Roles('owner', 'admin')
  decide(@Tenant() tenant: TenantContext, @Body() body: AuthorizeDecisionDto) {
    return this.server.decide(tenant, toAuthorizationRequest(body), body.approve);
  }

  /** `authorization_code` (PKCE S256 required) or `refresh_token`; the client by `client_secret` or HTTP Basic. */
  @InternalAnswer('Exchange a code or a refresh token for tokens', TokenAnswer)
  @Post('token')
  @HttpCode(200)
  @Anonymous()
  @ApiSecurity(OAUTH_CLIENT_SCHEME)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequestDoc })
  @applyDecorators(...TOKEN_ENDPOINT_ERRORS)
  async token(
    @Body() parameters: OAuthParameters,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    return this.tokens.token(parameters ?? {}, authorization);
  }

  /** RFC 7009: revokes a refresh token (and its family) or an access token; 200 whether or not it was known. */
  @InternalAnswer('Revoke a refresh or access token (RFC 7009)', RevocationAnswer)
  @Post('revoke')
  @HttpCode(200)
  @Anonymous()
  @ApiSecurity(OAUTH_CLIENT_SCHEME)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: RevocationRequestDoc })
  @applyDecorators(...TOKEN_ENDPOINT_ERRORS)
  async revoke(@Body() parameters: OAuthParameters, @Headers('authorization') authorization: string | undefined) {
    await this.tokens.revoke(parameters ?? {}, authorization);
    return {};
  }
}

/** RFC 8414 discovery: an OAuth client library finds the endpoints, grant types and PKCE method here. */
@ApiTags('oauth')
@Controller('.well-known')
export class OAuthDiscoveryController {
  /** The issuer is the origin the client reached, the URL it discovered the server with. */
  @InternalAnswer('Authorization server metadata (RFC 8414)', AuthorizationServerMetadataAnswer)
  @Get('oauth-authorization-server')
  @Anonymous()
  metadata(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    response.setHeader('Cache-Control', 'public, max-age=3600');
    return authorizationServerMetadata(`${request.protocol}://${request.get('host') ?? 'localhost'}`);
  }
}
