import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseRetryAfter } from './retry-schedule';
import type { CheckedTarget } from './url-guard';

/** A 2xx within this time is a success. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** At most this much of a response is read; the rest is cut off. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliveryRequest {
  target: CheckedTarget;
  headers: Record<string, string>;
  body: string;
  /** Aborted when the server shuts down before the attempt finished. */
  signal: AbortSignal;
}

export interface DeliveryResponse {
  statusCode?: number;
  retryAfterSeconds?: number;
  /** Set when the attempt failed: no response, a non-2xx status, a timeout. */
  error?: string;
  durationMs: number;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * Connects to the address the URL guard checked, whatever DNS answers now: the host name still goes into the
 * Host header and TLS SNI, so certificates are verified against it.
 */
function pinnedLookup(target: CheckedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** One POST of a webhook: no redirects followed, at most 64 KiB of the answer read, 15 s for all of it. */
export function postWebhook(request: DeliveryRequest): Promise<DeliveryResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { url } = request.target;
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: Omit<DeliveryResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...response, durationMs: elapsed() });
    };
    const outgoing = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: pinnedLookup(request.target),
        signal: request.signal,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'HelloBooks-Webhooks/1',
        },
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        const ok = statusCode >= 200 && statusCode < 300;
        const result = {
          statusCode,
          retryAfterSeconds: parseRetryAfter(response.headers['retry-after']),
          error: ok ? undefined : `The endpoint answered ${statusCode}.`,
        };
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read >= MAX_RESPONSE_BYTES) {
            response.destroy();
            finish(result);
          }
        });
        response.on('end', () => finish(result));
        response.on('error', () => finish(result));
        response.on('close', () => finish(result));
      },
    );
    const deadline = setTimeout(() => {
      outgoing.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`));
    }, DELIVERY_TIMEOUT_MS);
    outgoing.on('error', (error: Error) => {
      const message = request.signal.aborted ? 'The server shut down during the attempt.' : error.message;
      finish({ error: message.slice(0, 500) });
    });
    outgoing.end(request.body);
  });
}
