import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiError } from '@app/platform';
import type { Response } from 'express';
import { bearerFailure } from './bearer-failure';
import { MARKETPLACE_JWT_STRATEGY, MarketplaceRequest } from './marketplace-jwt.strategy';
import { PublicRateLimiter } from './public-rate-limiter';
import { RouteMetadata } from './route-metadata';
import { SCOPES_KEY } from './route-policies';

/**
 * The public layer, in the order API.md §5 fixes: authenticate (signature, expiry, a live install) → audience →
 * rate limit → tenant → scopes. Validation and the handler come after the guards.
 */
@Injectable()
export class PublicApiGuard extends AuthGuard(MARKETPLACE_JWT_STRATEGY) {
  private readonly requiredScopes: RouteMetadata<string[]>;

  constructor(
    reflector: Reflector,
    private readonly rateLimiter: PublicRateLimiter,
  ) {
    super();
    this.requiredScopes = new RouteMetadata(reflector, SCOPES_KEY);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const http = context.switchToHttp();
    const request = http.getRequest<MarketplaceRequest>();
    const caller = request.marketplaceCaller;
    const tenant = request.user;
    if (!caller || !tenant) throw ApiError.unauthorized();

    await this.rateLimiter.consume(http.getResponse<Response>(), caller.clientId, caller.installId, caller.rateLimit);

    // `:orgId` and `:entityId` name a tenant; on the public layer they must be the token's own.
    const { orgId, entityId } = request.params as { orgId?: string; entityId?: string };
    if ((orgId !== undefined && orgId !== tenant.orgId) || (entityId !== undefined && entityId !== tenant.entityId)) {
      throw new ApiError(
        403,
        'tenant_scope_violation',
        'The org and entity in the URL must be the ones this app was installed into.',
      );
    }

    const required = this.requiredScopes.of(context) ?? [];
    if (required.some((scope) => !caller.scopes.includes(scope))) {
      throw ApiError.insufficientScope(required);
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error || !user) throw bearerFailure(error, info);
    return user;
  }
}
