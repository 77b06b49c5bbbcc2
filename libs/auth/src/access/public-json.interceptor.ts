import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { camelCaseKeys, IdempotencyInterceptor, markPublicRequest, toPublicShape } from '@app/platform';
import type { Request } from 'express';
import { map, Observable } from 'rxjs';

/**
 * The public layer's JSON (API.md §1, §7), in this order:
 * 1. the request: an app sends `item_id`, the shared DTOs and services read `itemId`. It runs before validation, so
 *    unknown fields are still refused, and marks the request so that validation details name the fields as the app
 *    wrote them;
 * 2. `Idempotency-Key` on `POST`, around everything after it, so a replay answers the stored public body;
 * 3. the answer in its public shape: `@Internal()` fields removed, keys in snake_case.
 * One interceptor rather than three: each interceptor costs Nest an RxJS chain of its own on every request.
 */
@Injectable()
export class PublicJsonInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyInterceptor) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    markPublicRequest(request);
    if (request.body !== undefined) request.body = camelCaseKeys(request.body);
    // Express 5 computes `query` in a getter: shadow it with the converted copy (without a query string it reads `{}`
    // either way, and parsing nothing to copy it is the part to skip).
    if (request.url.includes('?')) {
      Object.defineProperty(request, 'query', {
        value: camelCaseKeys(request.query),
        writable: true,
        configurable: true,
      });
    }
    const shaped: CallHandler = { handle: () => next.handle().pipe(map((body: unknown) => toPublicShape(body))) };
    return request.method === 'POST' ? this.idempotency.intercept(context, shaped) : shaped.handle();
  }
}
