import type { IncomingMessage } from 'node:http';

const PUBLIC_REQUEST = Symbol('hellobooks:public-request');

type MarkedRequest = IncomingMessage & { [PUBLIC_REQUEST]?: true };

/** Marks a request as one of the public layer, whose JSON is snake_case in both directions. */
export function markPublicRequest(req: IncomingMessage): void {
  (req as MarkedRequest)[PUBLIC_REQUEST] = true;
}

export function isPublicRequest(req: IncomingMessage): boolean {
  return (req as MarkedRequest)[PUBLIC_REQUEST] === true;
}
