import { HttpStatus } from '@nestjs/common';

/** The stable machine codes of API.md §2, plus the RFC 6749 codes the OAuth token endpoint answers with. */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_request',
  'payload_too_large',
  'unsupported_media_type',
  'request_header_fields_too_large',
  'request_timeout',
  'unauthorized',
  'token_expired',
  'token_revoked',
  'invalid_token_audience',
  'insufficient_scope',
  'tenant_scope_violation',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'invalid_state_transition',
  'conflict',
  'insufficient_stock',
  'unprocessable',
  'rate_limited',
  'not_implemented',
  'internal_error',
  'service_unavailable',
  'invalid_grant',
  'invalid_client',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'access_denied',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one exception type the domain and the layers throw. The global filter turns it into the API.md envelope;
 * `extra` holds the code-specific fields (`details`, `required`, `shortages`, `from`/`to`, …) in camelCase, and the
 * filter snake_cases them so the envelope is the same on both layers.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static validation(details: FieldError[], message = 'The request is not valid.'): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', message, { details });
  }

  static invalidRequest(message: string): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'invalid_request', message);
  }

  static unauthorized(message = 'A valid bearer token is required.'): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer' });
  }

  static forbidden(message = 'Your role does not allow this action.'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'forbidden', message);
  }

  static notFound(what = 'record'): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `No such ${what}.`);
  }

  static conflict(message: string, extra: Record<string, unknown> = {}): ApiError {
    return new ApiError(HttpStatus.CONFLICT, 'conflict', message, extra);
  }

  static invalidTransition(from: string, to: string, message?: string): ApiError {
    return new ApiError(
      HttpStatus.CONFLICT,
      'invalid_state_transition',
      message ?? `Cannot go from ${from} to ${to}.`,
      { from, to },
    );
  }

  /**
   * `403 insufficient_scope` with the scopes that are `required` and the RFC 6750 challenge naming them;
   * the message begins with what needs them (`This route requires`, `Events of these topics require`).
   */
  static insufficientScope(required: readonly string[], whatNeedsThem = 'This route requires'): ApiError {
    const list = required.length === 1 ? `the scope ${required[0]}` : `the scopes ${required.join(', ')}`;
    return new ApiError(
      HttpStatus.FORBIDDEN,
      'insufficient_scope',
      `${whatNeedsThem} ${list}.`,
      { required },
      { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${required.join(' ')}"` },
    );
  }

  static unprocessable(message: string, extra: Record<string, unknown> = {}): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'unprocessable', message, extra);
  }

  static rateLimited(retryAfterSeconds: number, message: string, extra: Record<string, unknown> = {}): ApiError {
    const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
    return new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      'rate_limited',
      message,
      { retryAfter, ...extra },
      { 'Retry-After': String(retryAfter) },
    );
  }
}
