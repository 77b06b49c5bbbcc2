import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  receivedAt: number;
}

/** How the receiver answers one request; the default answers 204. */
export type Responder = (received: ReceivedWebhook, response: ServerResponse) => void;

/**
 * A real HTTP endpoint on loopback that records every webhook it receives. Each test sets how it answers, and checks
 * signatures with the `standardwebhooks` package, an implementation we did not write.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private responder: Responder = (_received, response) => response.writeHead(204).end();
  private waiters: { count: number; resolve: () => void }[] = [];

  private readonly server: Server;
  private port = 0;

  private constructor(private readonly path: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.accept(request.headers, Buffer.concat(chunks).toString('utf8'), response));
    });
  }

  static async start(path = '/hooks'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(path);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  /** Resolves once `count` webhooks in all have arrived; fails after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    if (this.received.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} webhooks, received ${this.received.length}`)),
          timeoutMs,
        );
        this.waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.received.slice(0, count);
  }

  /** Verifies a received webhook with `standardwebhooks`; throws when the signature does not match the secret. */
  static verify(received: ReceivedWebhook, secret: string): Record<string, unknown> {
    return new Webhook(secret).verify(received.body, {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    }) as Record<string, unknown>;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(headers: IncomingHttpHeaders, body: string, response: ServerResponse): void {
    const received = { headers, body, receivedAt: Date.now() };
    this.received.push(received);
    this.responder(received, response);
    for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.received.length < w.count);
  }
}
