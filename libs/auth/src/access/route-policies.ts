import { Injectable, OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_POLICY_KEY, AccessPolicy, ROLES_KEY } from './access-policy';

/** Metadata keys other layers add to a route (scopes, …), read here so the route listing shows them. */
export const SCOPES_KEY = 'hellobooks:scopes';

export interface RouteDescription {
  controller: string;
  handler: string;
  method: string;
  path: string;
  policy: AccessPolicy | undefined;
  roles: string[] | undefined;
  scopes: string[] | undefined;
}

/** Every full path of a route: a controller or a handler may declare several. */
function joinPaths(controllerPath: string | string[] | undefined, methodPath: string | string[] | undefined): string[] {
  const asList = (path: string | string[] | undefined) => (Array.isArray(path) ? path : [path ?? '']);
  return asList(controllerPath).flatMap((prefix) =>
    asList(methodPath).map(
      (suffix) =>
        `/${[prefix, suffix]
          .flatMap((part) => part.split('/'))
          .filter(Boolean)
          .join('/')}`,
    ),
  );
}

/** Every route of the app with the policy it declares; the boot check and the policy tests read this. */
@Injectable()
export class RoutePolicies implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Fail closed: a route that declares no layer stops the app from starting. */
  onModuleInit(): void {
    const undeclared = this.describe().filter((route) => !route.policy);
    if (undeclared.length) {
      const list = undeclared.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ');
      throw new Error(`Routes without @InternalApi(), @PublicApi() or @Anonymous(): ${list}`);
    }
  }

  describe(): RouteDescription[] {
    const routes: RouteDescription[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance: unknown = wrapper.instance;
      const metatype = wrapper.metatype;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      const controllerPath = Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const targets = [handler, metatype];
        for (const path of joinPaths(controllerPath, methodPath)) {
          routes.push({
            controller: metatype.name,
            handler: name,
            method: RequestMethod[method],
            path,
            policy: this.reflector.getAllAndOverride<AccessPolicy>(ACCESS_POLICY_KEY, targets),
            roles: this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets),
            scopes: this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, targets),
          });
        }
      }
    }
    return routes;
  }
}
