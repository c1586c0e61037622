// The REST surface under /api: one router per resource, mounted here. Every route declares the role it
// needs in its own router (see http/auth.ts once accounts exist).
import express, { Router } from 'express';
import type { AppContext } from './context.ts';
import { HttpError, notFoundHandler } from './errors.ts';

export type RouterFactory = (ctx: AppContext) => Router;

export function apiRouter(ctx: AppContext, extra: RouterFactory[] = []): Router {
  const api = Router();
  api.use(express.json({ limit: '16kb', strict: true, type: ['application/json', 'application/*+json'] }));
  api.use((req, _res, next) => {
    // A draining process finishes what it has but takes no new work.
    if (ctx.draining()) {
      next(new HttpError(503, 'shutting_down', 'the server is shutting down; retry shortly', undefined, { 'retry-after': '5' }));
      return;
    }
    next();
  });
  for (const make of extra) api.use(make(ctx));
  api.use(notFoundHandler);
  return api;
}
