import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's id is echoed only when it is short and plain, so it cannot inject into logs or headers. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the request's id, assigning one (the caller's, when acceptable) and echoing it on the response. */
export function ensureRequestId(req: IncomingMessage, res: ServerResponse): string {
  if (typeof req.id === 'string' || typeof req.id === 'number') return String(req.id);
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && ACCEPTABLE_REQUEST_ID.test(sent) ? sent : randomUUID();
  req.id = id;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Express middleware installed before every other one, body parsing included. */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  ensureRequestId(req, res);
  next();
}
