import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiError, ErrorEnvelope, TenantContext } from '@app/platform';
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
    ApiUnauthorizedResponse({
      description: '`unauthorized`, `token_expired` or `invalid_token_audience`',
      type: ErrorEnvelope,
    }),
    ApiForbiddenResponse({ description: '`forbidden`: the role does not allow the action', type: ErrorEnvelope }),
    documentedErrors(),
  );
}

/** A route anyone may call (sign-in, the OAuth token endpoint, health checks): nothing else. */
export function Anonymous(): ClassDecorator & MethodDecorator {
  return applyDecorators(setAccessPolicy('anonymous'), documentedErrors());
}

/** Every route can answer with the error envelope (400, 404, 409, 422, 429, 500, …). */
export function documentedErrors(): ClassDecorator & MethodDecorator {
  return ApiDefaultResponse({ description: 'The error envelope of API.md §2', type: ErrorEnvelope });
}

/** The tenant a guarded request acts in; the first argument of every service call. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantContext => {
  const tenant = context.switchToHttp().getRequest<Request & { user?: TenantContext }>().user;
  if (!tenant) throw ApiError.unauthorized();
  return tenant;
});
