import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@app/platform';
import { ACCESS_POLICY_KEY, AccessPolicy } from './access-policy';

/** A global guard that denies by default: a request reaches a handler only through its layer's own guards. */
@Injectable()
export class DenyUndeclaredGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<AccessPolicy>(ACCESS_POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw ApiError.notFound('route');
    return true;
  }
}
