import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { ensureRequestId } from './request-id';

function exchange(header?: string): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  if (header !== undefined) req.headers['x-request-id'] = header;
  return { req, res: new ServerResponse(req) };
}

describe('ensureRequestId', () => {
  it('echoes a plain caller id and keeps it for the rest of the request', () => {
    const { req, res } = exchange('trace-42');
    expect(ensureRequestId(req, res)).toBe('trace-42');
    expect(res.getHeader('X-Request-Id')).toBe('trace-42');
    expect(ensureRequestId(req, res)).toBe('trace-42');
  });

  it('replaces a missing, long or unsafe id with a UUID', () => {
    for (const header of [undefined, 'x'.repeat(200), 'evil\nheader', 'a b']) {
      const { req, res } = exchange(header);
      expect(ensureRequestId(req, res)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
