import { ApiError } from '@app/platform';

/** What passport-jwt reports when no user came out of a token, as the API.md error. */
export function bearerFailure(error: unknown, info: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (info instanceof Error && info.name === 'TokenExpiredError') {
    return new ApiError(
      401,
      'token_expired',
      'The access token has expired.',
      {},
      { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    );
  }
  if (info instanceof Error && info.message === 'No auth token') {
    return ApiError.unauthorized('A bearer token is required.');
  }
  return new ApiError(
    401,
    'unauthorized',
    'The bearer token is not valid.',
    {},
    { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  );
}
