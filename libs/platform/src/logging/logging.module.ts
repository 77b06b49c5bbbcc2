import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config';
import { ensureRequestId } from '../http/request-id';

/** Bytes gathered before a write: one system call for many lines rather than one per line. */
const LOG_BUFFER_BYTES = 4096;

/**
 * Structured JSON logs; every request's lines carry its request id. Credentials are never logged. Lines are written
 * asynchronously in batches (pino flushes what is left when the process exits), so a request never waits for a
 * write to stdout: a synchronous write per request line was most of what logging cost on a cheap route.
 *
 * With `LOG_LEVEL=silent` no request middleware is mounted at all: pino-http would still build a child logger per
 * request (serialising the request for bindings nobody writes) and run the rest of the request inside an
 * AsyncLocalStorage, whose hooks then tax every promise of the process.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...(config.get('LOG_LEVEL') === 'silent' ? { forRoutes: [] } : {}),
        pinoHttp: [
          {
            level: config.get('LOG_LEVEL'),
            genReqId: (req: IncomingMessage, res: ServerResponse) => ensureRequestId(req, res),
            customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            serializers: {
              // Only the path: query strings and headers can carry codes and tokens.
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
          pino.destination({ dest: config.get('LOG_FILE') ?? 1, sync: false, minLength: LOG_BUFFER_BYTES }),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
