import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches, ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { normalizePhone, PHONE_PATTERN } from '@gridflow/domain';

/** An org code of any level (4, 6, 9, 12 or 15 digits); level rules are checked by the service. */
export const IsOrgCode = (options?: ValidationOptions) =>
  Matches(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, {
    message: 'must be an org code of 4, 6, 9, 12 or 15 digits',
    ...options,
  });

export const IsGridCode = (options?: ValidationOptions) =>
  Matches(/^\d{15}$/, { message: 'must be a grid code of 15 digits', ...options });

/**
 * Mainland mobile (11 digits from 1) or a landline with area code, checked after
 * normalisation (spaces, dashes, +86/0086 dropped: libs/domain normalizePhone), which is
 * also the value the handler gets.
 */
export const IsPhone = (options?: ValidationOptions) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizePhone(value) : value)),
    Matches(PHONE_PATTERN, { message: 'must be a mobile (11 digits) or landline number', ...options }),
  );

/**
 * Query strings arrive as text: a number, or undefined when absent or blank (so that
 * `?lng=` is "missing", not 0).
 */
export const toOptionalNumber = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  return typeof value === 'string' ? Number(value) : value;
};

/** A field that must not come with `other` (one of two alternatives, e.g. a person or a department). */
export const NotTogetherWith = (other: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notTogetherWith',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value === undefined || (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
        defaultMessage: () => `must not be given together with ${other}`,
      },
    },
    options,
  );
