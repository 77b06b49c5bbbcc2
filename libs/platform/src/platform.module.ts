import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TenantCache } from './cache/tenant-cache';
import { ConfigAccessModule } from './config/config-access.module';
import { validateEnvironment } from './config/environment';
import { SecretBox } from './crypto/secret-box';
import { DatabaseModule } from './database/database.module';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { createValidationPipe } from './errors/validation';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyPruner } from './idempotency/idempotency-pruner';
import { LoggingModule } from './logging/logging.module';

@Module({})
export class PlatformModule {
  /**
   * Reads and validates the environment when called (not when this file is imported), so each app instance,
   * a test's included, gets the environment of its own moment.
   */
  static forRoot(): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          validate: validateEnvironment,
        }),
        ConfigAccessModule,
        LoggingModule,
        DatabaseModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        SecretBox,
        IdempotencyInterceptor,
        IdempotencyPruner,
        TenantCache,
      ],
      exports: [SecretBox, IdempotencyInterceptor, TenantCache],
    };
  }
}
