import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { toPublicShape } from '@app/platform';
import { map, Observable } from 'rxjs';

/** Every public answer in its public shape: `@Internal()` fields removed, keys in snake_case. */
@Injectable()
export class PublicSerializerInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((body: unknown) => toPublicShape(body)));
  }
}
