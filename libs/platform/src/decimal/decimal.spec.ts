import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApiError } from '../errors/api-error';
import {
  decimalFromNumber,
  decimalStringProblem,
  Dec,
  formatMoney,
  formatQuantity,
  isDecimalString,
  parseDecimal,
  sumDecimals,
} from './decimal';
import { decimalPattern, IsDecimalString } from './is-decimal-string.decorator';

class Line {
  @IsDecimalString({ min: '0', exclusiveMin: true })
  quantity!: unknown;

  @IsDecimalString({ signed: true, scale: 4 })
  adjustment!: unknown;

  @IsDecimalString({ max: '100', scale: 4 })
  percent!: unknown;
}

function problemsOf(values: Partial<Line>): string[] {
  return validateSync(Object.assign(new Line(), { quantity: '1', adjustment: '0', percent: '0', ...values })).map(
    (error) => error.property,
  );
}

describe('decimal strings', () => {
  it('accepts plain decimal strings and refuses numbers, exponents, blanks and excess scale', () => {
    expect(isDecimalString('12.5')).toBe(true);
    expect(isDecimalString('0')).toBe(true);
    expect(isDecimalString('00012.000001')).toBe(true);
    expect(isDecimalString(12.5)).toBe(false);
    expect(isDecimalString('1e3')).toBe(false);
    expect(isDecimalString('')).toBe(false);
    expect(isDecimalString(' 1')).toBe(false);
    expect(isDecimalString('1.')).toBe(false);
    expect(isDecimalString('.5')).toBe(false);
    expect(isDecimalString('1.0000001')).toBe(false);
    expect(isDecimalString('-1')).toBe(false);
    expect(isDecimalString('-1', { signed: true })).toBe(true);
  });

  it('refuses values the numeric(20,6) column cannot hold', () => {
    expect(isDecimalString('99999999999999.999999')).toBe(true);
    expect(decimalStringProblem('100000000000000')).toBe('is too large');
  });

  it('checks the range, with an exclusive minimum when asked', () => {
    expect(decimalStringProblem('0', { min: '0', exclusiveMin: true })).toBe('must be greater than 0');
    expect(decimalStringProblem('0', { min: '0' })).toBeUndefined();
    expect(decimalStringProblem('100.0001', { max: '100', scale: 4 })).toBe('must be at most 100');
  });

  it('validates DTO properties through the decorator', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ quantity: '0' })).toEqual(['quantity']);
    expect(problemsOf({ quantity: 3 })).toEqual(['quantity']);
    expect(problemsOf({ adjustment: '-2.5' })).toEqual([]);
    expect(problemsOf({ adjustment: '-2.50001' })).toEqual(['adjustment']);
    expect(problemsOf({ percent: '101' })).toEqual(['percent']);
  });

  it('takes a JSON number for the decimal it reads as when that is exact, and asks for a string otherwise', () => {
    expect(decimalFromNumber(30)).toBe('30');
    expect(decimalFromNumber(0.1)).toBe('0.1');
    expect(decimalFromNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromNumber(123456789012.345)).toBe('123456789012.345');
    expect(decimalFromNumber(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004: 17 significant digits
    expect(decimalFromNumber(Number.NaN)).toBeUndefined();
    const line = plainToInstance(Line, { quantity: 2.5, adjustment: -1.25, percent: 0.30000000000000004 });
    expect(line).toMatchObject({ quantity: '2.5', adjustment: '-1.25', percent: 0.30000000000000004 });
    const problems = validateSync(line);
    expect(problems.map((error) => error.property)).toEqual(['percent']);
    expect(Object.values(problems[0].constraints ?? {})[0]).toMatch(/must be sent as a string/);
    expect(problemsOf({ quantity: '-2.5' })).toEqual(['quantity']);
  });

  it('describes the accepted syntax as a pattern for the OpenAPI document', () => {
    const unsigned = new RegExp(decimalPattern());
    expect(['12.5', '0', '1.000001'].every((value) => unsigned.test(value))).toBe(true);
    expect(['', '-1', '1.', '.5', '1e3', '1.0000001'].some((value) => unsigned.test(value))).toBe(false);
    expect(new RegExp(decimalPattern({ signed: true, scale: 4 })).test('-2.5000')).toBe(true);
  });

  it('parses with a 400 validation_failed naming the field', () => {
    expect(parseDecimal('2.25', 'quantity').toString()).toBe('2.25');
    expect(() => parseDecimal('abc', 'quantity')).toThrow(ApiError);
    try {
      parseDecimal('abc', 'quantity');
    } catch (error) {
      expect((error as ApiError).status).toBe(400);
      expect((error as ApiError).extra).toEqual({ details: [{ field: 'quantity', message: expect.any(String) }] });
    }
  });
});

describe('decimal arithmetic and formatting', () => {
  it('is exact where binary floats are not', () => {
    expect(new Dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(sumDecimals(['0.1', '0.2', '0.3']).toString()).toBe('0.6');
  });

  it('formats to the column scale, rounding half up, with no negative zero', () => {
    expect(formatQuantity('12.5')).toBe('12.500000');
    expect(formatQuantity(new Dec(1).div(3))).toBe('0.333333');
    expect(formatQuantity(new Dec(2).div(3))).toBe('0.666667');
    expect(formatQuantity('0.0000005')).toBe('0.000001');
    expect(formatQuantity('-0.0000001')).toBe('0.000000');
    expect(formatMoney('2.00005')).toBe('2.0001');
    expect(formatMoney('-3.5')).toBe('-3.5000');
  });

  it('gives a value already in the column form back as it is, and normalises any other', () => {
    expect(formatQuantity('12.500000')).toBe('12.500000');
    expect(formatQuantity('-0.250000')).toBe('-0.250000');
    expect(formatMoney('0.0000')).toBe('0.0000');
    expect(formatQuantity('-0.000000')).toBe('0.000000');
    expect(formatQuantity('012.500000')).toBe('12.500000');
    expect(formatMoney('12.500000')).toBe('12.5000');
    expect(formatQuantity('1e3')).toBe('1000.000000');
  });
});
