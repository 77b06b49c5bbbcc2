import { MARKETPLACE_SCOPES } from './scopes';

/** RFC 8414 metadata of the authorization server: what an OAuth client library discovers before an install. */
export interface AuthorizationServerMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  grant_types_supported: string[];
  response_types_supported: string[];
  response_modes_supported: string[];
  code_challenge_methods_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  revocation_endpoint_auth_methods_supported: string[];
  scopes_supported: string[];
}

/**
 * The metadata for the server reached at `issuer` (its origin, e.g. `https://api.hellobooks.example`). PKCE with
 * S256 is required of every client; clients authenticate with HTTP Basic or `client_secret` in the body.
 */
export function authorizationServerMetadata(issuer: string): AuthorizationServerMetadata {
  const clientAuthentication = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: clientAuthentication,
    revocation_endpoint_auth_methods_supported: clientAuthentication,
    scopes_supported: [...MARKETPLACE_SCOPES],
  };
}
