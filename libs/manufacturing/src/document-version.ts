import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ApiError } from '@app/platform';

/** The `version` a change of a document was made against (optimistic locking). */
export class DocumentVersionBody {
  /** The version read; a stale one is a `409 conflict`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;
}

/** A stale optimistic `version`: `409 conflict`. */
export function assertVersion(what: string, current: number, given: number): void {
  if (current !== given) {
    throw ApiError.conflict(`The ${what} was changed since you read it; reload it and apply your change again.`, {
      currentVersion: current,
    });
  }
}
