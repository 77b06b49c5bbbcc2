import type { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MARKETPLACE_BEARER_SCHEME, USER_BEARER_SCHEME } from '@app/auth';
import {
  answerHttpParserErrors,
  AppConfig,
  applySwaggerPluginMetadata,
  completeOpenApiDocument,
  IDEMPOTENCY_KEY_PATTERN,
  parseBodies,
  requestIdMiddleware,
} from '@app/platform';
import { OAUTH_CLIENT_SCHEME } from './internal/oauth.controller';
import { Logger } from 'nestjs-pino';
import swaggerPluginMetadata from './openapi-metadata';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const API_REFERENCE_PATH = '/docs';

/** Everything main.ts and the end-to-end tests share, so tests run the app as it runs in production. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  // The client address that sign-in throttling keys on: the socket's, or the one the trusted proxies forwarded.
  app.set('trust proxy', config.get('TRUST_PROXY_HOPS'));
  app.use(requestIdMiddleware);
  answerHttpParserErrors(app.getHttpServer());
  // JSON everywhere; the OAuth endpoints also take form-encoded bodies (RFC 6749).
  app.use(parseBodies('/oauth/', config.get('BODY_LIMIT')));
  app.enableShutdownHooks();

  applySwaggerPluginMetadata(swaggerPluginMetadata());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('HelloBooks manufacturing API')
      .setDescription(
        'Internal routes for the HelloBooks frontend (user session tokens) and `/public/v1` for marketplace apps. ' +
          'Every error is `{ error, message, request_id, … }` as API.md §2 describes.',
      )
      .setVersion('1')
      .addServer('/', 'This server')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'User session token' },
        USER_BEARER_SCHEME,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Marketplace access token from POST /oauth/token (`/public/v1` routes)',
        },
        MARKETPLACE_BEARER_SCHEME,
      )
      .addBasicAuth(
        {
          type: 'http',
          scheme: 'basic',
          description:
            'OAuth client authentication (client_secret_basic): client id and secret. The token and revocation ' +
            'endpoints also take `client_id` and `client_secret` in the body instead (client_secret_post).',
        },
        OAUTH_CLIENT_SCHEME,
      )
      .build(),
  );
  completeOpenApiDocument(document, {
    publicPrefix: '/public/v1',
    idempotencyHeader: {
      name: 'Idempotency-Key',
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: 'A retry with the same key and body returns the first answer; another body is a `409 conflict`.',
    },
  });
  SwaggerModule.setup(API_REFERENCE_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: '/openapi.yaml',
  });
  return app;
}
