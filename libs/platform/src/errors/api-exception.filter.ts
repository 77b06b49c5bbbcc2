import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { methodNotAllowed } from '../http/http-envelopes';
import { ensureRequestId } from '../http/request-id';
import { isPublicRequest } from '../http/public-request';
import { snakeCase, snakeCaseKeys, snakeCasePath } from '../serialization/case';
import { ApiError, ErrorCode, FieldError } from './api-error';

/**
 * Errors raised by Express' body parser before a route is reached: http-errors with a `type`, or, when the body
 * fails to decompress (a bad `Content-Encoding: gzip` body), the zlib error it wraps with a `status` and `expose`.
 */
interface BodyParserError {
  type?: string;
  status: number;
  expose?: boolean;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null) return false;
  const { type, status, expose } = error as Partial<BodyParserError>;
  return typeof status === 'number' && (typeof type === 'string' || typeof expose === 'boolean');
}

/** PostgreSQL SQLSTATEs that a client can cause, and what they mean in the contract. */
function fromDatabaseError(error: QueryFailedError<Error>): ApiError | undefined {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  switch (code) {
    case '23505':
      return ApiError.conflict('A record with the same unique key already exists.');
    case '23503':
      return ApiError.unprocessable('The request refers to a record that does not exist or is still referenced.');
    case '40001':
    case '40P01':
      return ApiError.conflict('The record was changed by another request at the same time; retry.');
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return ApiError.invalidRequest('A value in the request is out of range or malformed.');
    // A NUL character (\u0000) in a string: PostgreSQL text cannot hold it.
    case '22021':
    case '22P05':
      return ApiError.invalidRequest('A text value in the request contains a character that cannot be stored.');
    case '22001':
      return ApiError.invalidRequest('A text value in the request is too long.');
    default:
      return undefined;
  }
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable',
  429: 'rate_limited',
  501: 'not_implemented',
  503: 'service_unavailable',
};

function fromHttpException(error: HttpException): ApiError {
  const status = error.getStatus();
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
  if (status === 404) return new ApiError(status, code, 'No such route or record.');
  if (status >= 500) return new ApiError(status, code, 'Something went wrong on our side.');
  const response = error.getResponse();
  const message =
    typeof response === 'object' && response !== null && typeof (response as { message?: unknown }).message === 'string'
      ? (response as { message: string }).message
      : error.message;
  return new ApiError(status, code, message);
}

/** Maps anything thrown to the API.md error it stands for; anything unexpected is a 500. */
export function toApiError(exception: unknown): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabaseError(exception as QueryFailedError<Error>);
    if (mapped) return mapped;
  }
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.too.large') {
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'payload_too_large', 'The request body is too large.');
    }
    if (exception.status < 500) {
      return ApiError.invalidRequest('The request body is not valid JSON or could not be read.');
    }
  }
  return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', 'Something went wrong on our side.');
}

/**
 * A validation detail as a public caller sees it: the field path in snake_case, and the message (class-validator
 * starts it with the property's name, `itemId must be a UUID`) naming the property the same way.
 */
export function publicFieldError(detail: FieldError): FieldError {
  const property = detail.field.split('.').pop() ?? '';
  const message = detail.message.startsWith(`${property} `)
    ? `${snakeCase(property)}${detail.message.slice(property.length)}`
    : detail.message;
  return { field: snakeCasePath(detail.field), message };
}

/** Writes the envelope: `{ error, message, …extra in snake_case, request_id }`. */
export function writeApiError(req: Request, res: Response, error: ApiError): void {
  const requestId = ensureRequestId(req, res);
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const extra = snakeCaseKeys(error.extra) as Record<string, unknown>;
  if (isPublicRequest(req) && Array.isArray(extra.details)) {
    // A public caller wrote snake_case fields; name them back the way they were sent.
    extra.details = (extra.details as FieldError[]).map(publicFieldError);
  }
  res.status(error.status).json({ error: error.code, message: error.message, ...extra, request_id: requestId });
}

/** How deeply a request body may nest arrays and objects; real payloads need a handful of levels. */
export const MAX_BODY_DEPTH = 32;

/** A UTF-16 surrogate without its pair: JSON can carry one (`"\ud800"`), but it is no character. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Keys that name an object's prototype machinery rather than data. JSON.parse keeps them as plain properties, but
 * the DTO transformation drops them silently (and a careless merge would write through them), so they are refused
 * as the unknown fields they are.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What makes a parsed body unfit for the layers behind it, or undefined. Validation and the public layer's key
 * casing walk bodies recursively, so a body nested deeper than MAX_BODY_DEPTH would overflow the stack there (this
 * walk is iterative for the same reason), and validators throw on a lone surrogate; either was a 500.
 */
function bodyProblem(body: unknown): ApiError | undefined {
  const notUnicode = () => ApiError.invalidRequest('The request body contains a string that is not valid Unicode.');
  const pending: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 0, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth, path } = next;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return notUnicode();
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      return ApiError.invalidRequest(`The request body nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels.`);
    }
    for (const [key, inner] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return notUnicode();
      const field = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) {
        return ApiError.validation([{ field, message: 'is not an accepted field' }]);
      }
      pending.push({ value: inner, depth: depth + 1, path: field });
    }
  }
  return undefined;
}

/** Body parsing runs before Nest's routing, so its errors are answered here in the same envelope. */
export function sendBodyParserError(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: unknown) => {
      if (error) return writeApiError(req, res, toApiError(error));
      const problem = bodyProblem(req.body as unknown);
      if (problem) return writeApiError(req, res, problem);
      next();
    });
}

/** Turns every exception, on every route, into the error envelope of API.md §2. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    // No route took the request: a path served with other methods is a 405 with `Allow`, not a 404.
    const error = (exception instanceof NotFoundException && methodNotAllowed(req)) || toApiError(exception);
    if (error.status === 501) {
      // A curated stub answering as designed: worth a line, not an alarm with a stack.
      this.logger.log({ requestId: ensureRequestId(req, res), method: req.method, path: req.path }, 'Not implemented');
    } else if (error.status >= 500) {
      this.logger.error(
        { err: exception, requestId: ensureRequestId(req, res), method: req.method, path: req.path },
        'Unhandled error',
      );
    }
    writeApiError(req, res, error);
  }
}
