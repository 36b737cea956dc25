import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors, MAX_INPUT_DEPTH, unacceptableInput } from './validation.pipe.js';

describe('flattenValidationErrors', () => {
  it('names nested fields with dots and marks unknown fields', () => {
    const errors = [
      { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' }, children: [] },
      {
        property: 'location',
        children: [{ property: 'lng', constraints: { isNumber: 'lng must be a number' }, children: [] }],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'extra', problem: 'unknown field' },
      { field: 'location.lng', problem: 'lng must be a number' },
    ]);
  });
});

describe('unacceptableInput (refused before class-transformer)', () => {
  const nested = (depth: number) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = [v];
    return { a: v };
  };

  it('takes ordinary input, any NUL-free text and nesting up to the limit', () => {
    expect(unacceptableInput({ description: '楼道灯坏了 😀', location: { lng: 1, lat: 2 } }, '')).toBeNull();
    expect(unacceptableInput(nested(MAX_INPUT_DEPTH - 1), '')).toBeNull();
    expect(unacceptableInput(undefined, 'query')).toBeNull();
  });

  it('names the field holding a NUL character', () => {
    expect(unacceptableInput({ reporter: { name: 'a\u0000b' } }, '')).toEqual({
      field: 'reporter.name',
      problem: 'must not contain NUL characters',
    });
    expect(unacceptableInput('A0\u00001', 'code')).toEqual({
      field: 'code',
      problem: 'must not contain NUL characters',
    });
  });

  it('refuses nesting deeper than the limit without overflowing the stack itself', () => {
    expect(unacceptableInput(nested(MAX_INPUT_DEPTH + 1), '')?.problem).toMatch(/nested deeper/);
    expect(unacceptableInput(nested(100_000), '')?.problem).toMatch(/nested deeper/);
  });
});
