import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiHeader,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { MarketplaceScope } from '@app/marketplace';
import { ApiError } from '@app/platform';
import { setAccessPolicy } from './access-policy';
import type { MarketplaceCallerInfo, MarketplaceRequest } from './marketplace-jwt.strategy';
import { PublicApiGuard } from './public-api.guard';
import { PublicJsonInterceptor } from './public-json.interceptor';
import { SCOPES_KEY } from './route-policies';

export const MARKETPLACE_BEARER_SCHEME = 'marketplace';

/**
 * A `/public/v1` route for marketplace apps: a marketplace access token of a live install, the rate limit, the
 * tenant in the URL equal to the token's, the route's `@Scopes()`; reads snake_case bodies and queries and answers
 * in the public shape; `POST` routes honour `Idempotency-Key`. On a class or a method, like `@InternalApi()`.
 */
export function PublicApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    setAccessPolicy('public'),
    UseGuards(PublicApiGuard),
    UseInterceptors(PublicJsonInterceptor),
    ApiBearerAuth(MARKETPLACE_BEARER_SCHEME),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'POST only: a retry with the same key and body returns the first answer.',
    }),
    ApiUnauthorizedResponse({
      description: '`unauthorized`, `token_expired`, `token_revoked` or `invalid_token_audience`',
    }),
    ApiForbiddenResponse({ description: '`tenant_scope_violation` or `insufficient_scope` (with `required`)' }),
    ApiTooManyRequestsResponse({
      description: '`rate_limited`, with `Retry-After`, `retry_after`, `limit`, `window_seconds`',
    }),
  );
}

/** The scopes a public route needs; a token without every one of them is `403 insufficient_scope`. */
export function Scopes(...scopes: [MarketplaceScope, ...MarketplaceScope[]]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(SCOPES_KEY, scopes),
    // The OpenAPI document names the scopes next to the marketplace bearer scheme, which cannot carry them itself.
    ApiExtension('x-required-scopes', scopes),
  );
}

/**
 * A public route that any valid token of a live install may call (health, me): said on purpose, so that a public
 * route that forgot its `@Scopes()` fails the route-policy test instead of answering every token.
 */
export function ScopeFree(): ClassDecorator & MethodDecorator {
  return SetMetadata(SCOPES_KEY, []);
}

/** The app calling a public route: install, client, app, granted scopes and token expiry. */
export const MarketplaceCaller = createParamDecorator<unknown, MarketplaceCallerInfo>(
  (_data: unknown, context: ExecutionContext) => {
    const caller = context.switchToHttp().getRequest<MarketplaceRequest>().marketplaceCaller;
    if (!caller) throw ApiError.unauthorized();
    return caller;
  },
);

export type { MarketplaceCallerInfo };
