import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

class Parent {
  @IsString()
  @MaxLength(5)
  name!: unknown;
}

const problems = async (o: object) =>
  (await validate(o, { whitelist: true, forbidNonWhitelisted: true })).map((e) => [
    e.property,
    Object.keys(e.constraints ?? {}).sort(),
  ]);

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('answers a repeated lookup from memory with the rules class-validator finds', async () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Parent, '', false, false);
    expect(storage.getTargetValidationMetadatas(Parent, '', false, false)).toBe(first);
    expect(first.map((m) => m.propertyName)).toEqual(['name', 'name']);
    // other options are other answers
    expect(storage.getTargetValidationMetadatas(Parent, '', false, false, ['g'])).not.toBe(first);
    expect(await problems(Object.assign(new Parent(), { name: 'toolong' }))).toEqual([['name', ['maxLength']]]);
    expect(await problems(Object.assign(new Parent(), { name: 'ok' }))).toEqual([]);
  });

  it('sees a rule added after a class was looked up, and a subclass defined later', async () => {
    expect(await problems(Object.assign(new Parent(), { name: 'ok', extra: 'x' }))).toEqual([
      ['extra', ['whitelistValidation']],
    ]);
    IsInt()(Parent.prototype, 'extra');
    expect(await problems(Object.assign(new Parent(), { name: 'ok', extra: 'x' }))).toEqual([['extra', ['isInt']]]);

    class Child extends Parent {
      @IsInt()
      count!: unknown;
    }
    expect(await problems(Object.assign(new Child(), { name: 'toolong', count: 'x', extra: 1 }))).toEqual([
      ['count', ['isInt']],
      ['name', ['maxLength']],
    ]);
  });

  it('installs once', () => {
    const storage = getMetadataStorage();
    const patched = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(patched);
  });
});
