import type { Request, Response } from 'express';
import { ErrorCode } from '@gridflow/domain';
import { type GeoReportError, OPEN311_MIME, toGeoReportXml } from '@gridflow/open311';
import type { ErrorBody } from '../common/error-body.js';

// Codes whose HTTP status already says it all; others are named in the description.
const IMPLIED = new Set<ErrorCode>([
  ErrorCode.ValidationFailed,
  ErrorCode.NotFound,
  ErrorCode.Forbidden,
  ErrorCode.InternalError,
]);

/**
 * API.md's error as GeoReport v2 errors. The spec: "404 for resources that don't exist, 403 for
 * errors because of wrong or missing api_key and basically 400 for any other error", each error's
 * `code` being the HTTP status. So GridFlow's 409/413/415/422 answer 400, with GridFlow's code
 * (e.g. OUTSIDE_ALL_GRIDS) at the end of the description; 429 and 5xx keep their status.
 * Validation failures list one error per field.
 */
export function toOpen311Errors(body: ErrorBody): { status: number; errors: GeoReportError[] } {
  const s = body.statusCode;
  const status = s === 403 || s === 404 || s === 429 || s >= 500 ? s : 400;
  if (body.code === ErrorCode.ValidationFailed && body.details.length > 0) {
    return {
      status,
      errors: body.details.map((d) => ({
        code: status,
        // class-validator's problems already start with the field's name
        description: !d.field || d.problem.startsWith(d.field) ? d.problem : `${d.field}: ${d.problem}`,
      })),
    };
  }
  const suffix = IMPLIED.has(body.code) ? '' : ` [${body.code}]`;
  return { status, errors: [{ code: status, description: `${body.message}${suffix}` }] };
}

/** The format an Open311 path asks for by its extension (JSON unless `.xml`). */
export const open311FormatOf = (req: Request) => (/\.xml$/i.test(req.path) ? 'xml' : 'json');

export function sendOpen311Errors(req: Request, res: Response, status: number, errors: GeoReportError[]) {
  res.status(status);
  if (open311FormatOf(req) === 'xml') {
    res.type(`${OPEN311_MIME.xml}; charset=utf-8`).send(toGeoReportXml('errors', errors));
  } else {
    res.json(errors);
  }
}
