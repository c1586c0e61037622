// One error shape for every 4xx/5xx: { error: { code, message, fields? } }. Domain code throws HttpError
// (or a subclass); a dependency outage (services/dependency-errors.ts) becomes 503 with a code, logged
// at warn; anything else becomes a 500 whose details stay in the log, never in the response. Only that
// last case, our own bug, is logged at error level.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log.ts';
import { asDependencyDown, outageLogFields } from '../services/dependency-errors.ts';

export type FieldErrors = Record<string, string>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, fields?: FieldErrors) => new HttpError(400, 'bad_request', message, fields);
export const unauthorized = (message = 'authentication required') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'not allowed') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string, fields?: FieldErrors) => new HttpError(409, 'conflict', message, fields);

export function errorBody(code: string, message: string, fields?: FieldErrors) {
  return { error: fields ? { code, message, fields } : { code, message } };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/**
 * Express' own body-parser errors carry `type` and `status`; map them to our shape. A body that does not
 * decode as its content-encoding says (corrupt gzip, deflate or brotli) arrives as zlib's own error with
 * status 400 and no `type`.
 */
function fromBodyParser(err: any): HttpError | null {
  if (!err || typeof err !== 'object') return null;
  if (typeof err.type !== 'string') {
    const zlib = typeof err.code === 'string' && /^(Z_|ERR_BROTLI|ERR_ZSTD|ERR__)/.test(err.code);
    return zlib && err.status === 400 ? new HttpError(400, 'invalid_encoding', 'request body does not decode as its content-encoding says') : null;
  }
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', `request body exceeds the ${err.limit} byte limit`);
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', String(err.message ?? 'unsupported encoding'));
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'request aborted');
    default:
      return typeof err.status === 'number' && err.status < 500 ? new HttpError(err.status, 'bad_request', String(err.message)) : null;
  }
}

type Answer = Pick<HttpError, 'status' | 'code' | 'message' | 'fields' | 'headers'>;

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Body-parser errors first: a client that aborts its upload carries ECONNABORTED, which is not an outage.
    const parsed = err instanceof HttpError ? err : fromBodyParser(err);
    const outage = parsed ? null : asDependencyDown(err);
    const known: Answer | null = parsed ?? outage;
    const e: Answer = known ?? new HttpError(500, 'internal', 'internal server error');
    const reqLog = (req as any).log ?? log;
    if (outage) reqLog.warn({ ...outageLogFields(err), status: e.status }, 'dependency unavailable');
    else if (!known) reqLog.error({ err }, 'request failed');
    else if (e.status >= 500) reqLog.warn({ code: e.code, status: e.status }, 'request refused');
    else reqLog.debug({ code: e.code, status: e.status }, 'request rejected');
    if (res.headersSent) return;
    if (e.headers) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.status(e.status).json(errorBody(e.code, e.message, e.fields));
  };
}
