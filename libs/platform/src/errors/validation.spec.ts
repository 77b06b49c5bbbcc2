import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('gives every constraint a dotted field path, nested arrays included', () => {
    const errors = [
      error('name', { isString: 'name must be a string' }),
      error('lines', undefined, [
        error('0', undefined, [error('quantity', { isDecimal: 'quantity must be a decimal' })]),
      ]),
      error('admin', { whitelistValidation: 'property admin should not exist' }),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'lines.0.quantity', message: 'quantity must be a decimal' },
      { field: 'admin', message: 'is not an accepted field' },
    ]);
  });
});
