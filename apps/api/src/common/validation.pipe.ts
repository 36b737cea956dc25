import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainException, ErrorCode, type ErrorDetail } from '@gridflow/domain';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

/** Flattens nested class-validator errors into `{field: "location.lng", problem}` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, problem]) => ({
      field,
      problem: rule === 'whitelistValidation' ? 'unknown field' : problem,
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Deeper input is refused: class-transformer recurses into it and would overflow the stack (a 500). */
export const MAX_INPUT_DEPTH = 32;

/**
 * What no DTO can repair, found before class-transformer runs: nesting deeper than
 * MAX_INPUT_DEPTH, and NUL characters, which PostgreSQL cannot store in text (a 500 from the
 * query otherwise). Iterative, so any depth is safe to look at.
 */
export function unacceptableInput(value: unknown, root: string): ErrorDetail | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, field, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, problem: 'must not contain NUL characters' };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field, problem: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
    for (const [k, child] of Object.entries(v)) stack.push([child, field ? `${field}.${k}` : k, depth + 1]);
  }
  return null;
}

class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type !== 'custom') {
      const found = unacceptableInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (found) {
        const detail = { ...found, field: found.field || metadata.type };
        throw new DomainException(ErrorCode.ValidationFailed, `Invalid request: ${detail.field}: ${detail.problem}`, [
          detail,
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, refuse unknown fields, transform to DTO classes; failures are VALIDATION_FAILED. */
export function createValidationPipe() {
  cacheValidationMetadata();
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new DomainException(
        ErrorCode.ValidationFailed,
        `Invalid request: ${details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`,
        details,
      );
    },
  });
}
