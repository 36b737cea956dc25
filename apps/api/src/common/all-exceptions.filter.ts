import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode, type ErrorDetail } from '@gridflow/domain';
import { OPEN311_BASE_PATH } from '@gridflow/open311';
import { sendOpen311Errors, toOpen311Errors } from '../open311/open311-errors.js';
import { isDependencyOutage } from './dependency-outage.js';
import { codeForStatus, errorBody, type ErrorBody } from './error-body.js';

/** body-parser's errors carry `type` and `status`; they reach us before any route. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' && e !== null && typeof (e as BodyParserError).type === 'string' && 'status' in e;

/**
 * Maps every error to the API.md shape. Domain exceptions carry their code; Nest's HTTP
 * exceptions map by status; a database or Redis outage is a 503 (retry); anything else is a
 * 500 whose error id is logged with the stack and returned to the caller without details.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) return;
    // Errors before routing (the body parser's) reach only this filter; Open311 paths still
    // answer in the GeoReport shape, as the Open311 controller's own filter does.
    const req = http.getRequest<Request>();
    if (req.path.startsWith(`/${OPEN311_BASE_PATH}/`)) {
      const { status, errors } = toOpen311Errors(body);
      return sendOpen311Errors(req, res, status, errors);
    }
    // A lock or limit that knows its end says so in Retry-After (the rate-limit guard sets its own).
    const retryAfter = body.details.find((d) => typeof d.retryAfterSeconds === 'number')?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number' && !res.getHeader('Retry-After')) {
      res.setHeader('Retry-After', String(retryAfter));
    }
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainException) {
      return errorBody(exception.status, exception.code, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      // Nest wraps body-parser's errors (bad JSON, too large) in an HttpException.
      if (isBodyParserError(exception.cause)) return this.bodyParserError(exception.cause);
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (status >= 500 && status !== 503) return this.unexpected(exception);
      return errorBody(status, codeForStatus(status), messageOf(response, exception.message), detailsOf(response));
    }
    if (isBodyParserError(exception)) return this.bodyParserError(exception);
    return this.unexpected(exception);
  }

  private bodyParserError(e: BodyParserError): ErrorBody {
    switch (e.type) {
      case 'entity.too.large':
        return errorBody(413, ErrorCode.PayloadTooLarge, 'Request body is larger than 1 MB');
      case 'entity.parse.failed':
        return errorBody(400, ErrorCode.ValidationFailed, 'Malformed JSON in request body', [
          { field: 'body', problem: e.message },
        ]);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return errorBody(415, ErrorCode.UnsupportedMediaType, e.message);
      default:
        return e.status >= 400 && e.status < 500
          ? errorBody(e.status, codeForStatus(e.status), e.message)
          : this.unexpected(e);
    }
  }

  private unexpected(exception: unknown): ErrorBody {
    const errorId = randomUUID();
    if (isDependencyOutage(exception)) {
      // PostgreSQL or Redis out of reach for the moment: the client should retry, not report a bug.
      this.logger.warn({ errorId, err: exception }, `Dependency unavailable ${errorId}`);
      return {
        ...errorBody(503, ErrorCode.ServiceUnavailable, `Service temporarily unavailable; retry shortly (${errorId})`),
        errorId,
      };
    }
    this.logger.error(
      { errorId, err: exception },
      `Unexpected error ${errorId}: ${exception instanceof Error ? exception.message : String(exception)}`,
    );
    return { ...errorBody(500, ErrorCode.InternalError, `Internal error; quote error id ${errorId}`), errorId };
  }
}

function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const m = (response as { message?: unknown }).message;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.join('; ');
  return fallback;
}

function detailsOf(response: string | object): ErrorDetail[] {
  if (typeof response !== 'object') return [];
  const r = response as { details?: unknown; message?: unknown; error?: unknown; info?: unknown; status?: unknown };
  if (Array.isArray(r.details)) return r.details as ErrorDetail[];
  // Terminus health failures: { status: 'error', info, error, details: {component: {status,...}} }
  if (r.status === 'error' && r.details && typeof r.details === 'object') {
    return Object.entries(r.details as Record<string, { status: string; message?: string }>).map(([k, v]) => ({
      field: k,
      problem: v.status === 'up' ? 'up' : (v.message ?? v.status),
      status: v.status,
    }));
  }
  if (Array.isArray(r.message)) return r.message.map((problem) => ({ problem: String(problem) }));
  return [];
}
