import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainException, ErrorCode, type ErrorDetail } from '@gridflow/domain';

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

/** Whitelist, refuse unknown fields, transform to DTO classes; failures are VALIDATION_FAILED. */
export function createValidationPipe() {
  return new ValidationPipe({
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
