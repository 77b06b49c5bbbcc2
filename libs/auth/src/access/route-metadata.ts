import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * One metadata key of a route, the handler's over its class's (`Reflector.getAllAndOverride`), read once per route:
 * decorators are fixed when the app boots, and the guards ask on every request. Keyed by class and handler, since
 * a handler inherited from a base class may sit under controllers that declare different metadata.
 */
export class RouteMetadata<Value> {
  private readonly known = new WeakMap<object, WeakMap<object, { value: Value | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  of(context: ExecutionContext): Value | undefined {
    const handler = context.getHandler();
    const controller = context.getClass();
    let ofController = this.known.get(controller);
    if (!ofController) {
      ofController = new WeakMap();
      this.known.set(controller, ofController);
    }
    let entry = ofController.get(handler);
    if (!entry) {
      entry = { value: this.reflector.getAllAndOverride<Value | undefined>(this.key, [handler, controller]) };
      ofController.set(handler, entry);
    }
    return entry.value;
  }
}
