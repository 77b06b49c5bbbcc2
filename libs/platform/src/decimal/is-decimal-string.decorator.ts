import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { decimalFromNumber, decimalStringProblem, DecimalStringOptions, QUANTITY_SCALE } from './decimal';

/** The syntax of a decimal string, for the OpenAPI document: what `decimalStringProblem` accepts before its range checks. */
export function decimalPattern(options: Pick<DecimalStringOptions, 'signed' | 'scale'> = {}): string {
  const scale = options.scale ?? QUANTITY_SCALE;
  return `^${options.signed ? '-?' : ''}\\d+${scale > 0 ? `(\\.\\d{1,${scale}})?` : ''}$`;
}

/**
 * A DTO property that must be an exact decimal written as a JSON string (`"12.5"`), never a binary float:
 * unsigned unless `signed`, at most `scale` decimals (6 by default), within `min`/`max` when given. A JSON number is
 * taken as the decimal string it reads as when that is exact (at most 15 significant digits); any other is refused
 * with a message asking for a string. The OpenAPI document shows the string form.
 */
export function IsDecimalString(options: DecimalStringOptions = {}, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string | symbol): void => {
    ApiProperty({ type: 'string', pattern: decimalPattern(options), example: '12.5' })(target, propertyName);
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'number' ? (decimalFromNumber(value) ?? value) : value,
    )(target, propertyName);
    registerDecorator({
      name: 'isDecimalString',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => decimalStringProblem(value, options) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${decimalStringProblem(args?.value, options) ?? 'is not valid'}`,
      },
    });
  };
}
