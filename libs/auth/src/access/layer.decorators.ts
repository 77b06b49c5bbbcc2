import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiError, TenantContext } from '@app/platform';
import type { Request } from 'express';
import { setAccessPolicy } from './access-policy';
import { UserJwtGuard } from './user-jwt.guard';

export const USER_BEARER_SCHEME = 'user';

/** A route of the HelloBooks frontend: a user session token (`aud` `hellobooks:user`) and a role. */
export function InternalApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    setAccessPolicy('internal'),
    UseGuards(UserJwtGuard),
    ApiBearerAuth(USER_BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: '`unauthorized`, `token_expired` or `invalid_token_audience`' }),
    ApiForbiddenResponse({ description: '`forbidden`: the role does not allow the action' }),
  );
}

/** A route anyone may call (sign-in, the OAuth token endpoint, health checks): nothing else. */
export function Anonymous(): ClassDecorator & MethodDecorator {
  return applyDecorators(setAccessPolicy('anonymous'));
}

/** The tenant a guarded request acts in; the first argument of every service call. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantContext => {
  const tenant = context.switchToHttp().getRequest<Request & { user?: TenantContext }>().user;
  if (!tenant) throw ApiError.unauthorized();
  return tenant;
});
