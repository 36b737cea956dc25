/**
 * Error codes of the public contract (API.md). Clients switch on these strings:
 * never rename a value.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  StateConflict = 'STATE_CONFLICT',
  /** 409: a username, org code, grid code or item code that is taken; `details` names the field. */
  AlreadyExists = 'ALREADY_EXISTS',
  ItemNotAdmitted = 'ITEM_NOT_ADMITTED',
  OutsideAllGrids = 'OUTSIDE_ALL_GRIDS',
  EscalationRequired = 'ESCALATION_REQUIRED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /**
   * 422 thrown without a code of its own (a bare UnprocessableEntityException, a framework 422):
   * the request was understood but not processed. Not VALIDATION_FAILED, whose contract is 400
   * with `details` per field (issue 16 item 10).
   */
  Unprocessable = 'UNPROCESSABLE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  InternalError = 'INTERNAL_ERROR',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.StateConflict]: 409,
  [ErrorCode.AlreadyExists]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.ItemNotAdmitted]: 422,
  [ErrorCode.OutsideAllGrids]: 422,
  [ErrorCode.EscalationRequired]: 422,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.Unprocessable]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.InternalError]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
};

export interface ErrorDetail {
  field?: string;
  problem: string;
  [extra: string]: unknown;
}

/** Thrown by domain and service code; the API's exception filter maps it to the error shape. */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainException';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** 404: missing, or out of the caller's scope (never 403, so existence does not leak). */
export const notFound = (what: string) => new DomainException(ErrorCode.NotFound, `${what} not found`);

/** 400 for one field. */
export const invalidField = (field: string, problem: string, message = `${field}: ${problem}`) =>
  new DomainException(ErrorCode.ValidationFailed, message, [{ field, problem }]);

/** 409: the resource's state does not allow it. */
export const stateConflict = (message: string, details: ErrorDetail[] = []) =>
  new DomainException(ErrorCode.StateConflict, message, details);

/** 409: the value of `field` is taken (a username, org code, grid code or item code). */
export const alreadyExists = (field: string, message: string) =>
  new DomainException(ErrorCode.AlreadyExists, message, [{ field, problem: 'already exists' }]);

/** 403: in scope, but not this role's or this user's action. */
export const forbidden = (message: string) => new DomainException(ErrorCode.Forbidden, message);
