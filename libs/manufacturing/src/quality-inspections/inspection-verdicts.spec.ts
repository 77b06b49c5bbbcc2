import { ApiError, Dec } from '@app/platform';
import {
  equalityPasses,
  judgeReadings,
  numericPasses,
  ParameterDefinition,
  parameterDefinitions,
  parameterProblems,
  passRate,
} from './inspection-verdicts';

const decimals = (...values: string[]) => values.map((value) => new Dec(value));

function validationDetails(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('validation_failed');
    return (error as ApiError).extra.details as { field: string; message: string }[];
  }
  throw new Error('expected a validation error');
}

describe('numericPasses', () => {
  it('passes readings at either bound and inside, exactly', () => {
    expect(numericPasses(decimals('9.95', '10.05', '10'), '9.950000', '10.050000')).toBe(true);
  });

  it('fails a reading one millionth beyond either bound', () => {
    expect(numericPasses(decimals('9.949999'), '9.95', '10.05')).toBe(false);
    expect(numericPasses(decimals('10', '10.050001'), '9.95', '10.05')).toBe(false);
  });

  it('does not suffer binary rounding: 0.1 + 0.2 as a reading of 0.3 is at the bound', () => {
    expect(numericPasses([new Dec('0.1').plus('0.2')], '0', '0.3')).toBe(true);
  });

  it('checks only the bounds that are given', () => {
    expect(numericPasses(decimals('-1000000'), null, '5')).toBe(true);
    expect(numericPasses(decimals('5.000001'), null, '5')).toBe(false);
    expect(numericPasses(decimals('99999999'), '-2.5', null)).toBe(true);
    expect(numericPasses(decimals('-2.500001'), '-2.5', null)).toBe(false);
    expect(numericPasses(decimals('42'), null, null)).toBe(true);
  });

  it('fails without a reading', () => {
    expect(numericPasses([], null, null)).toBe(false);
  });
});

describe('equalityPasses', () => {
  it('passes when every reading equals the expected boolean or text', () => {
    expect(equalityPasses([true], true)).toBe(true);
    expect(equalityPasses([true, true], true)).toBe(true);
    expect(equalityPasses(['clean'], 'clean')).toBe(true);
  });

  it('fails on any other reading: case, false, a string for a boolean', () => {
    expect(equalityPasses([false], true)).toBe(false);
    expect(equalityPasses([true, false], true)).toBe(false);
    expect(equalityPasses(['Clean'], 'clean')).toBe(false);
    expect(equalityPasses(['true'], true)).toBe(false);
    expect(equalityPasses([], 'clean')).toBe(false);
  });
});

describe('parameterProblems / parameterDefinitions', () => {
  it('stores bounds as 6-place decimals and keeps expected per kind', () => {
    expect(
      parameterDefinitions([
        { name: 'Diameter', kind: 'numeric', min: '9.95', max: '10.05' },
        { name: 'Weight', kind: 'numeric', max: '2' },
        { name: 'Sealed', kind: 'boolean', expected: false },
        { name: 'Colour', kind: 'text', expected: 'blue' },
      ]),
    ).toEqual([
      { name: 'Diameter', kind: 'numeric', min: '9.950000', max: '10.050000', expected: null },
      { name: 'Weight', kind: 'numeric', min: null, max: '2.000000', expected: null },
      { name: 'Sealed', kind: 'boolean', min: null, max: null, expected: false },
      { name: 'Colour', kind: 'text', min: null, max: null, expected: 'blue' },
    ]);
  });

  it('accepts min equal to max and refuses min above max', () => {
    expect(parameterProblems([{ name: 'L', kind: 'numeric', min: '3', max: '3.000' }])).toEqual([]);
    expect(parameterProblems([{ name: 'L', kind: 'numeric', min: '3.000001', max: '3' }])).toEqual([
      { field: 'parameters.0.min', message: 'must not be greater than max' },
    ]);
  });

  it('refuses expected values and bounds that do not suit the kind, and repeated names', () => {
    expect(
      parameterProblems([
        { name: 'A', kind: 'numeric', expected: '3' },
        { name: 'B', kind: 'boolean', expected: 'true' },
        { name: 'C', kind: 'boolean' },
        { name: 'D', kind: 'text', expected: true, min: '1' },
        { name: 'A', kind: 'text', expected: 'x' },
      ]).map((problem) => problem.field),
    ).toEqual([
      'parameters.0.expected',
      'parameters.1.expected',
      'parameters.2.expected',
      'parameters.3.min',
      'parameters.3.expected',
      'parameters.4.name',
    ]);
  });
});

describe('judgeReadings', () => {
  const parameters: ParameterDefinition[] = [
    { name: 'Diameter', kind: 'numeric', min: '9.950000', max: '10.050000', expected: null },
    { name: 'Sealed', kind: 'boolean', min: null, max: null, expected: true },
    { name: 'Colour', kind: 'text', min: null, max: null, expected: 'blue' },
  ];

  it('passes when every parameter passes, keeping readings as 6-place decimals', () => {
    const judged = judgeReadings(parameters, [
      { name: 'Colour', values: ['blue'] },
      { name: 'Diameter', values: ['9.95', '10.05', '10.0001'] },
      { name: 'Sealed', values: [true] },
    ]);
    expect(judged.status).toBe('Passed');
    expect(judged.parameters).toEqual([
      { ...parameters[0], readings: ['9.950000', '10.050000', '10.000100'], passed: true },
      { ...parameters[1], readings: [true], passed: true },
      { ...parameters[2], readings: ['blue'], passed: true },
    ]);
  });

  it('fails when one parameter fails', () => {
    const judged = judgeReadings(parameters, [
      { name: 'Diameter', values: ['10.050001'] },
      { name: 'Sealed', values: [true] },
      { name: 'Colour', values: ['blue'] },
    ]);
    expect(judged.status).toBe('Failed');
    expect(judged.parameters.map((parameter) => parameter.passed)).toEqual([false, true, true]);
  });

  it('names a parameter without a reading, an unknown one, one read twice and a value of the wrong kind', () => {
    expect(
      validationDetails(() =>
        judgeReadings(parameters, [
          { name: 'Diameter', values: [10] },
          { name: 'Length', values: ['3'] },
          { name: 'Sealed', values: ['yes'] },
          { name: 'Sealed', values: [true] },
          { name: 'Colour', values: [] },
        ]),
      ),
    ).toEqual([
      { field: 'readings.0.values.0', message: 'Diameter: must be a decimal number written as a string' },
      { field: 'readings.1.name', message: '"Length" is not a parameter of this inspection' },
      { field: 'readings.2.values.0', message: 'Sealed: must be true or false (a JSON boolean)' },
      { field: 'readings.3.name', message: '"Sealed" is read a second time' },
      { field: 'readings', message: 'the parameter "Colour" has no reading' },
    ]);
  });
});

describe('passRate', () => {
  it('is passed / (passed + failed) × 100, half-up to 4 places, pending not counted', () => {
    expect(passRate(1, 2)).toBe('33.3333');
    expect(passRate(2, 1)).toBe('66.6667');
    expect(passRate(1, 7)).toBe('12.5000');
    expect(passRate(3, 0)).toBe('100.0000');
    expect(passRate(0, 4)).toBe('0.0000');
  });

  it('is null when none is completed', () => {
    expect(passRate(0, 0)).toBeNull();
  });
});
