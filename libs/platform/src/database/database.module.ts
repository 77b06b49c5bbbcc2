import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ConfigAccessModule } from '../config/config-access.module';
import { DatabaseServer } from './database-server';
import { MIGRATIONS } from './migrations';
import { Migrator } from './migrator';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { Transactions } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigAccessModule],
      extraProviders: [DatabaseServer],
      inject: [DatabaseServer, AppConfig],
      useFactory: async (server: DatabaseServer, config: AppConfig) => ({
        type: 'postgres' as const,
        url: await server.connectionUrl(),
        autoLoadEntities: true,
        namingStrategy: new SnakeNamingStrategy(),
        synchronize: false,
        migrationsRun: false,
        migrations: MIGRATIONS,
        logging: config.get('LOG_LEVEL') === 'trace' ? ['query', 'error'] : false,
        // statement_timeout: no query, however a client shaped its input, holds a connection (and the server) for long.
        extra: {
          max: 20,
          application_name: 'hellobooks-api',
          statement_timeout: config.get('DATABASE_STATEMENT_TIMEOUT_MS'),
        },
      }),
    }),
  ],
  providers: [Migrator, Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
