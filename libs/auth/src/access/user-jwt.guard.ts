import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiError, MembershipRole, TenantContext } from '@app/platform';
import type { Request } from 'express';
import { ROLES_KEY, WRITER_ROLES } from './access-policy';
import { bearerFailure } from './bearer-failure';
import { RouteMetadata } from './route-metadata';
import { USER_JWT_STRATEGY } from './user-jwt.strategy';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The internal layer: a user session token, then the user's role for the route. */
@Injectable()
export class UserJwtGuard extends AuthGuard(USER_JWT_STRATEGY) {
  private readonly roles: RouteMetadata<MembershipRole[]>;

  constructor(reflector: Reflector) {
    super();
    this.roles = new RouteMetadata(reflector, ROLES_KEY);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<Request & { user: TenantContext }>();
    const { actor } = request.user;
    const allowed = this.roles.of(context) ?? (READ_METHODS.has(request.method) ? undefined : WRITER_ROLES);
    if (allowed && (actor.kind !== 'user' || !allowed.includes(actor.role))) {
      throw ApiError.forbidden(`This action needs one of the roles: ${allowed.join(', ')}.`);
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T | false, info: unknown): T {
    if (error || !user) throw bearerFailure(error, info);
    return user;
  }
}
