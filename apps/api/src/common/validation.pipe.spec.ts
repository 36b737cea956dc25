import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.pipe.js';

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
