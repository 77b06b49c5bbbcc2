import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export interface NotificationHandlers {
  notification(payload: string): void;
  /** The listener is (again) connected: notifications may have been missed while it was not. */
  connected(): void;
  /** The connection is gone; until `connected` is called again, nothing is heard. */
  lost(): void;
}

/**
 * A dedicated connection that LISTENs on one channel and reconnects with a growing pause when it is lost, so a
 * cache that relies on it can tell when it hears every change (`connected`) and when it does not (`lost`).
 */
export class NotificationListener {
  private readonly logger: Logger;
  private client?: Client;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: NotificationHandlers,
  ) {
    this.logger = new Logger(`NotificationListener:${channel}`);
  }

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: `hellobooks-${this.channel}` });
    client.on('notification', (message) => this.handlers.notification(message.payload ?? ''));
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.drop(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    this.handlers.connected();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private drop(client: Client, error?: Error): void {
    if (this.client === client) this.client = undefined;
    this.handlers.lost();
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    if (error) this.logger.warn(`Listening on ${this.channel} failed: ${error.message}; retrying`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
