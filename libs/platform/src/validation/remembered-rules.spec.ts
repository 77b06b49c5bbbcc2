import { getMetadataStorage, IsInt, IsString, IsUUID, validate } from 'class-validator';
import { rememberValidationRules } from './remembered-rules';

class Parent {
  @IsUUID()
  id!: string;
}

class Child extends Parent {
  @IsString()
  name!: string;
}

class Later {
  @IsString()
  name!: string;
  count?: unknown;
}

const failed = async (value: object) =>
  (await validate(value)).map((error) => [error.property, Object.keys(error.constraints ?? {})]);

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('finds a class its own and inherited rules, the same answer each time', async () => {
    const child = Object.assign(new Child(), { id: 'not-a-uuid', name: 7 });
    expect(await failed(child)).toEqual([
      ['name', ['isString']],
      ['id', ['isUuid']],
    ]);
    expect(await failed(child)).toEqual(await failed(child));
    expect(await failed(Object.assign(new Parent(), { id: 'nope' }))).toEqual([['id', ['isUuid']]]);
  });

  it('sees a rule registered after a class was first validated', async () => {
    const later = Object.assign(new Later(), { name: 'x', count: 'many' });
    expect(await failed(later)).toEqual([]);
    IsInt()(Later.prototype, 'count');
    expect(await failed(later)).toEqual([['count', ['isInt']]]);
  });

  it('is installed once however many apps create their pipe', () => {
    const storage = getMetadataStorage();
    const installed = storage.getTargetValidationMetadatas;
    rememberValidationRules();
    expect(storage.getTargetValidationMetadatas).toBe(installed);
  });
});
