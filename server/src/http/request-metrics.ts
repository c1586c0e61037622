// The route a request matched, for metrics and logs: the Express route pattern with its mount path
// (`/api/tournaments/:id`), never the raw path, so the label set stays bounded whatever clients send.
// Express sets `req.route` while the router dispatches to a route, when `req.baseUrl` is still the
// mount path; by the time the response finishes an error may have unwound `baseUrl`, so the pattern is
// taken at that moment.
import type { Request, RequestHandler } from 'express';
import { metrics } from '../metrics.ts';

/** The label of a request that matched no route (404s, static files, probes of unknown paths). */
export const UNMATCHED_ROUTE = 'unmatched';

const PATTERN = Symbol('dojopool.routePattern');

/** The route pattern a request matched, or UNMATCHED_ROUTE. */
export function routePattern(req: Request): string {
  return ((req as any)[PATTERN] as string | undefined) ?? UNMATCHED_ROUTE;
}

/** Observes each request's duration by method, route pattern and status (dojopool_http_request_duration_seconds). */
export function requestMetrics(): RequestHandler {
  return (req, res, next) => {
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (r: { path?: unknown } | undefined) => {
        route = r;
        if (!r) return;
        const path = typeof r.path === 'string' ? r.path : String(r.path);
        (req as any)[PATTERN] = (req.baseUrl + path).replace(/(.)\/$/, '$1');
      },
    });
    const t0 = performance.now();
    res.on('finish', () => {
      metrics.httpSeconds.observe({ method: req.method, route: routePattern(req), status: String(res.statusCode) }, (performance.now() - t0) / 1000);
    });
    next();
  };
}
