import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@app/platform';
import { ACCESS_POLICY_KEY, AccessPolicy } from './access-policy';
import { RouteMetadata } from './route-metadata';

/** A global guard that denies by default: a request reaches a handler only through its layer's own guards. */
@Injectable()
export class DenyUndeclaredGuard implements CanActivate {
  private readonly policies: RouteMetadata<AccessPolicy>;

  constructor(reflector: Reflector) {
    this.policies = new RouteMetadata(reflector, ACCESS_POLICY_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.policies.of(context)) throw ApiError.notFound('route');
    return true;
  }
}
