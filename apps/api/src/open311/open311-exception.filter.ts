import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllExceptionsFilter } from '../common/all-exceptions.filter.js';
import { sendOpen311Errors, toOpen311Errors } from './open311-errors.js';

/**
 * Scoped to the GeoReport controller: the global filter's reading of the error (codes, logged
 * 500s with an error id), answered in the spec's `[{code, description}]` / `<errors>` shape.
 */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  private readonly inner = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const { status, errors } = toOpen311Errors(this.inner.toBody(exception));
    sendOpen311Errors(http.getRequest<Request>(), res, status, errors);
  }
}
