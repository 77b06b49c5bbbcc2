import { validateSync } from 'class-validator';
import { DistinctItems } from './distinct-items.decorator';

class Lines {
  @DistinctItems()
  lines: unknown;

  constructor(lines: unknown) {
    this.lines = lines;
  }
}

const messages = (lines: unknown) =>
  validateSync(new Lines(lines)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('DistinctItems', () => {
  it('accepts lines that name each item once', () => {
    expect(messages([{ itemId: 'a' }, { itemId: 'b' }])).toEqual([]);
  });

  it('names the first line that repeats an earlier one, and that earlier line', () => {
    expect(messages([{ itemId: 'a' }, { itemId: 'b' }, { itemId: 'b' }, { itemId: 'a' }])).toEqual([
      'lines.2 names the same item as lines.1; merge them into one line',
    ]);
  });

  it('leaves what is not a list of lines to the other validators', () => {
    expect(messages(undefined)).toEqual([]);
    expect(messages([null, { quantity: '1' }, { quantity: '2' }])).toEqual([]);
  });
});
