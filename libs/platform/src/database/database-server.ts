import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EmbeddedDatabase } from './embedded-postgres';

/** Says where PostgreSQL is: `DATABASE_URL`, or an embedded server that this process starts and stops. */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedDatabase;

  constructor(private readonly config: AppConfig) {}

  async connectionUrl(): Promise<string> {
    const configured = this.config.get('DATABASE_URL');
    if (configured) return configured;
    if (!this.embedded) {
      this.embedded = await EmbeddedDatabase.start({
        dataDir: this.config.get('DATA_DIR'),
        port: this.config.get('EMBEDDED_DATABASE_PORT'),
        log: (message) => this.logger.log(message),
      });
      this.logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${this.embedded.port}`);
    }
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    await this.embedded.stop();
    this.embedded = undefined;
    this.logger.log('Embedded PostgreSQL stopped');
  }
}
