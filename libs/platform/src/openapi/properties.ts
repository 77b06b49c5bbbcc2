import { ApiProperty } from '@nestjs/swagger';
import { decimalPattern } from '../decimal/is-decimal-string.decorator';
import { QUANTITY_SCALE } from '../decimal/decimal';

// What TypeScript's types cannot tell the OpenAPI document about a model's property: that a string is an exact
// decimal or a uuid, that a number is an integer. Type, optionality, nullability and enums come from the types.

/** An exact decimal answered as a string: quantities (6 places), money and percentages (4), signed. */
export function ApiDecimal(): PropertyDecorator {
  return ApiProperty({
    type: 'string',
    pattern: decimalPattern({ signed: true, scale: QUANTITY_SCALE }),
    example: '12.5',
  });
}

/** A record id. */
export function ApiUuid(): PropertyDecorator {
  return ApiProperty({ type: 'string', format: 'uuid' });
}

/** A whole number (a version, a count, a status code). */
export function ApiInteger(): PropertyDecorator {
  return ApiProperty({ type: 'integer' });
}
