import { ApiError } from '@app/platform';

/** A stale optimistic `version`: `409 conflict`. */
export function assertVersion(what: string, current: number, given: number): void {
  if (current !== given) {
    throw ApiError.conflict(`The ${what} was changed since you read it; reload it and apply your change again.`, {
      currentVersion: current,
    });
  }
}
