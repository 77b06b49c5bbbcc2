import { ApiError } from '@app/platform';
import { QueryFailedError } from 'typeorm';

/** `restrict_violation` (ON DELETE RESTRICT) and `foreign_key_violation` (NO ACTION). */
const REFERENCED = new Set(['23001', '23503']);

/**
 * Runs a delete that the database refuses while other documents still reference the record (a work order follows
 * a BOM or a recipe: `ON DELETE RESTRICT`), and turns that refusal into a `422` — so the BOM and recipe modules
 * keep the rule without knowing which documents use them.
 */
export async function deleteUnlessReferenced(what: string, remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
    if (!code || !REFERENCED.has(code)) throw error;
    throw ApiError.unprocessable(
      `The ${what} is used by a work order or another document and cannot be deleted; archive it instead.`,
    );
  }
}
