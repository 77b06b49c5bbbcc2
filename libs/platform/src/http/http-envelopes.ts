import { randomUUID } from 'node:crypto';
import { METHODS, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { json, urlencoded, type Request, type RequestHandler } from 'express';
import { ApiError } from '../errors/api-error';
import { sendBodyParserError, writeApiError } from '../errors/api-exception.filter';
import { REQUEST_ID_HEADER } from './request-id';

interface RouteLayer {
  route?: { methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

/** A route for every method: Nest's middleware (mounted as routes on `{/*splat}`) and `@All()` handlers. */
function servesEveryMethod(methods: Record<string, boolean | undefined>): boolean {
  return Boolean(methods._all) || METHODS.every((method) => methods[method.toLowerCase()]);
}

/**
 * The methods the app serves on the request's path, from Express' own route table (so it matches exactly what
 * would have been routed); empty when no route but a catch-all matches it.
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || servesEveryMethod(layer.route.methods) || !layer.match(req.path)) continue;
    for (const [method, served] of Object.entries(layer.route.methods)) if (served) methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/** A request no route took: `405` with `Allow` when the path is served with other methods, else undefined. */
export function methodNotAllowed(req: Request): ApiError | undefined {
  const allowed = allowedMethods(req);
  if (allowed.length === 0 || allowed.includes(req.method)) return undefined;
  return new ApiError(
    405,
    'method_not_allowed',
    `${req.method} is not allowed on this path; it serves ${allowed.join(', ')}.`,
    {},
    { Allow: allowed.join(', ') },
  );
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Bodies are JSON, or form-encoded where `formPaths` allow it (the OAuth endpoints, RFC 6749); any other body is a
 * `415 unsupported_media_type` before a parser or a route sees it.
 */
function requireJsonBodies(formPathPrefix: string): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req) || req.is('application/json')) return next();
    if (req.path.startsWith(formPathPrefix) && req.is('application/x-www-form-urlencoded')) return next();
    const accepted = req.path.startsWith(formPathPrefix)
      ? 'application/json or application/x-www-form-urlencoded'
      : 'application/json';
    writeApiError(
      req,
      res,
      new ApiError(415, 'unsupported_media_type', `The request body must be sent as ${accepted}.`),
    );
  };
}

/** Whether body-parser reads a body (type-is' rule: any `Content-Length`, even 0, or a `Transfer-Encoding`). */
function parserSeesBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}

/**
 * The request body, before any route: JSON, or form-encoded under `formPathPrefix` (the OAuth endpoints), anything
 * else a `415`; a parser's refusal answers the error envelope. One middleware rather than three, so that a request
 * without a body (every GET) passes one router layer, not three that each find nothing to parse.
 */
export function parseBodies(formPathPrefix: string, limit: string): RequestHandler {
  const mediaTypes = requireJsonBodies(formPathPrefix);
  const parseJson = sendBodyParserError(json({ limit }));
  const parseForm = sendBodyParserError(urlencoded({ limit, extended: false }));
  return (req, res, next) => {
    if (!parserSeesBody(req)) return next();
    mediaTypes(req, res, () => parseJson(req, res, () => parseForm(req, res, next)));
  };
}

/** What Node's HTTP parser refuses before Express sees a request, as the status and envelope it gets. */
function parserRefusal(code: string | undefined): { status: number; error: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      error: 'request_header_fields_too_large',
      message: 'The URL or the request headers are too long.',
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, error: 'request_timeout', message: 'The request did not arrive in time.' };
  }
  return { status: 400, error: 'invalid_request', message: 'The request is not valid HTTP.' };
}

/**
 * Answers what Node's HTTP parser refuses (a URL or header block over `maxHeaderSize` is a 431, malformed HTTP a
 * 400) with the JSON envelope instead of Node's bare status line, then closes the connection as Node does.
 */
export function answerHttpParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own rule: nothing to answer on a reset or closed socket, or in the middle of a response.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const { status, error: code, message } = parserRefusal(error.code);
    const requestId = randomUUID();
    const body = JSON.stringify({ error: code, message, request_id: requestId });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
