// The Express application: health and readiness probes, the REST API under /api, and the built
// client at /. Colyseus shares the same HTTP server (see server.ts) and answers the WebSocket upgrade
// and its own /matchmake routes in front of this app.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { apiRouter, type RouterFactory } from './http/api.ts';
import type { AppContext } from './http/context.ts';
import { errorBody, errorHandler } from './http/errors.ts';
import { rateLimitMode } from './http/rate-limit.ts';
import { requestMetrics, routePattern } from './http/request-metrics.ts';
import { registry, timedRedisPing } from './metrics.ts';

export function createApp(ctx: AppContext, routers: RouterFactory[] = []): express.Express {
  // Colyseus finds the Express app among the HTTP server's listeners by this function name.
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // With a Mapbox token the venue map loads Mapbox's styles and tiles; without one it draws offline.
          'connect-src': ["'self'", 'ws:', 'wss:', ...(ctx.config.MAPBOX_TOKEN ? ['https://*.mapbox.com'] : [])],
          'img-src': ["'self'", 'data:', 'blob:', ...(ctx.config.MAPBOX_TOKEN ? ['https://*.mapbox.com'] : [])],
          'worker-src': ["'self'", 'blob:'],
        },
      },
    }),
  );

  app.use(requestMetrics());

  // A child logger per request, with an id the response echoes so a user's report finds its log lines.
  app.use((req, res, next) => {
    const reqId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    const log = ctx.log.child({ reqId });
    (req as any).log = log;
    res.setHeader('x-request-id', reqId);
    const t0 = performance.now();
    res.on('finish', () => {
      log.info({ method: req.method, path: req.path, route: routePattern(req), status: res.statusCode, durationMs: Math.round((performance.now() - t0) * 10) / 10 }, 'request');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeS: Math.round(process.uptime()) });
  });

  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, 'ok' | string> = {};
    const probe = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 2 s')), 2000).unref())]);
        checks[name] = 'ok';
      } catch (e) {
        checks[name] = e instanceof Error ? e.message : String(e);
      }
    };
    await probe('database', () => ctx.database.ping());
    if (ctx.redis) await probe('redis', () => timedRedisPing(ctx.redis!));
    if (ctx.draining()) checks.process = 'shutting down';
    const down = Object.keys(checks).filter((k) => checks[k] !== 'ok');
    // Not a check of its own: while Redis is away the login limits still hold, counted per process.
    const rateLimits = rateLimitMode(ctx);
    if (down.length === 0) res.json({ status: 'ready', checks, rateLimits });
    else res.status(503).json({ ...errorBody('not_ready', `not ready: ${down.join(', ')} down`), status: 'unavailable', down, checks, rateLimits });
  });

  // Prometheus scrapes this process (metrics.ts); behind METRICS_TOKEN when one is set.
  app.get('/metrics', async (req, res) => {
    const want = ctx.config.METRICS_TOKEN;
    const got = Buffer.from(req.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${want}`);
    if (want && (got.length !== expected.length || !timingSafeEqual(got, expected))) {
      res.status(401).json(errorBody('unauthorized', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  });

  app.use('/api', apiRouter(ctx, routers));

  const dist = ctx.config.clientDist;
  if (existsSync(join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h', setHeaders: (res, p) => p.endsWith('index.html') && res.setHeader('cache-control', 'no-cache') }));
    // Client-side routes (e.g. /match/abc) get the app shell.
    app.get(/^\/(?!api\/|healthz|readyz|metrics|matchmake).*/, (_req, res) => res.sendFile(join(dist, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.status(503).json(errorBody('client_not_built', `the client is not built (${dist} has no index.html): run npm run build`));
    });
  }

  app.use((req, res) => {
    res.status(404).json(errorBody('not_found', `no route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler(ctx.log));
  return app;
}
