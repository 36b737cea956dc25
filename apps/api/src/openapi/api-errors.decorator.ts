import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from '@gridflow/domain';

/** The error shape of API.md: every 4xx and 5xx of /api/v1 answers this. */
export class ApiErrorDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'Conflict', description: 'the HTTP reason phrase' })
  error: string;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.StateConflict })
  code: ErrorCode;

  @ApiProperty({ example: 'ticket is claimed, not dispatched' })
  message: string;

  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: true,
      properties: { field: { type: 'string' }, problem: { type: 'string' } },
    },
    description: 'per field for VALIDATION_FAILED (`{field, problem}`), the field for ALREADY_EXISTS',
  })
  details?: { field?: string; problem: string; [extra: string]: unknown }[];
}

/** The Open311 (GeoReport v2) error shape: a list of `{code, description}` (or `<errors>` in XML). */
export class Open311ErrorDto {
  @ApiProperty({ example: 400 })
  code: number;

  @ApiProperty({ example: 'service_code: unknown' })
  description: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

const WHEN: Record<ErrorStatus, string> = {
  400: 'VALIDATION_FAILED: bad or unknown fields or parameters, malformed JSON; `details` lists each field',
  401: 'UNAUTHENTICATED: no, bad or expired token',
  403: "FORBIDDEN: in scope, but not this role's or this user's action",
  404: 'NOT_FOUND: missing or outside your scope',
  409: 'STATE_CONFLICT (the state does not allow it, or a lost race) or ALREADY_EXISTS (`details` names the field)',
  413: 'PAYLOAD_TOO_LARGE: body or upload over its limit',
  415: 'UNSUPPORTED_MEDIA_TYPE: the upload is not an allowed type (by content)',
  422: 'ITEM_NOT_ADMITTED, OUTSIDE_ALL_GRIDS, ESCALATION_REQUIRED or IDEMPOTENCY_KEY_REUSED (API.md)',
  429: 'RATE_LIMITED: too many requests from this address',
};

/**
 * The 4xx answers an operation (or every operation of a controller) can give, each in the
 * API.md error shape: `@ApiErrors(400, 404)`.
 */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: WHEN[status], type: ApiErrorDto })),
  );
}

/** The same for the Open311 routes, which answer in the GeoReport v2 error shape. */
export function ApiOpen311Errors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status].replace(/^[A-Z_]+: /, ''),
        type: Open311ErrorDto,
        isArray: true,
      }),
    ),
  );
}
