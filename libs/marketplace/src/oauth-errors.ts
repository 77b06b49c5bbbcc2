import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@app/platform';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type';

/**
 * An RFC 6749 §5.2 error in the API.md envelope: `invalid_client` is a 401, every other one a 400. The text is in
 * `message` and, for OAuth client libraries, in `error_description`.
 */
export function oauthError(code: OAuthErrorCode, message: string, headers: Record<string, string> = {}): ApiError {
  const status = code === 'invalid_client' ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
  return new ApiError(status, code, message, { errorDescription: message }, headers);
}
