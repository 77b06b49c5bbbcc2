import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { camelCaseKeys, markPublicRequest } from '@app/platform';
import type { Request } from 'express';
import { Observable } from 'rxjs';

/**
 * Public JSON is snake_case both ways (API.md §1): an app sends `item_id`, the shared DTOs and services read
 * `itemId`. Runs before validation, so unknown fields are still refused, and marks the request so that validation
 * details name the fields as the app wrote them.
 */
@Injectable()
export class PublicRequestCasingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    markPublicRequest(request);
    if (request.body !== undefined) request.body = camelCaseKeys(request.body);
    // Express 5 computes `query` in a getter: shadow it with the converted copy.
    Object.defineProperty(request, 'query', {
      value: camelCaseKeys(request.query),
      writable: true,
      configurable: true,
    });
    return next.handle();
  }
}
