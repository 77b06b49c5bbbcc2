import { ValidateIf } from 'class-validator';

/**
 * A field of a partial update that may be left out, but is validated when sent — `null` included. `@IsOptional()`
 * also lets `null` through, which a PATCH would then write into a NOT NULL column (a 500 instead of a 400).
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
