import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { decimalStringProblem, DecimalStringOptions } from './decimal';

/**
 * A DTO property that must be an exact decimal written as a JSON string (`"12.5"`), never a binary float:
 * unsigned unless `signed`, at most `scale` decimals (6 by default), within `min`/`max` when given.
 */
export function IsDecimalString(options: DecimalStringOptions = {}, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string | symbol): void => {
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
