// zod at the edge: every body, query and path parameter is parsed here, and a failure answers
// 400 { error: { code: 'validation_failed', message, fields: { field: 'what was wrong' } } } naming each
// bad field. Request bodies use strict objects, so an unexpected field is named rather than ignored.
// Every route parses through here, so this is also the one place that refuses a NUL character
// (U+0000) in any string or key of a body, query or path: Postgres cannot store it in text (it used to
// surface as a 500), and no field of ours has a use for it. It is checked here rather than in the JSON
// parser's reviver because body-parser turns a reviver's error into a bare invalid_json, while here
// the answer names the field like every other validation failure, and query and path get it too.
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError, type FieldErrors } from './errors.ts';

export type Where = 'body' | 'query' | 'params';

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'int' ? 'an integer' : issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : 'a ' + issue.expected}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

export function fieldErrors(error: z.ZodError, where: Where): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? issue.path.join('.') + '.' : '';
      for (const k of issue.keys) fields[prefix + k] ??= 'unknown field';
      continue;
    }
    const key = issue.path.length ? issue.path.map(String).join('.') : where;
    fields[key] ??= describe(issue);
  }
  return fields;
}

export const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
const MAX_NUL_DEPTH = 32;

/** Names every string (and key) under `value` that holds a NUL character, by its dotted path. */
export function nulFields(value: unknown, where: Where): FieldErrors {
  const fields: FieldErrors = {};
  const walk = (v: unknown, path: string[], depth: number) => {
    if (typeof v === 'string') {
      if (v.includes('\0')) fields[path.length ? path.join('.') : where] ??= NUL_MESSAGE;
      return;
    }
    if (!v || typeof v !== 'object' || depth > MAX_NUL_DEPTH) return;
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, x] of entries) {
      if (k.includes('\0')) fields[[...path, k.replaceAll('\0', '\\u0000')].join('.')] ??= NUL_MESSAGE;
      else walk(x, [...path, k], depth + 1);
    }
  };
  walk(value, [], 0);
  return fields;
}

export function validationError(fields: FieldErrors): HttpError {
  const names = Object.keys(fields);
  return new HttpError(400, 'validation_failed', `invalid ${names.join(', ')}`.slice(0, 300), fields);
}

/** Parses one part of a request, throwing a 400 validation_failed HttpError naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, req: Request, where: Where): z.output<S> {
  const input = where === 'body' ? (req.body ?? {}) : where === 'query' ? req.query : req.params;
  const nul = nulFields(input, where);
  if (Object.keys(nul).length > 0) throw validationError(nul);
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw validationError(fieldErrors(r.error, where));
  return r.data;
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'body');
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'query');
export const parseParams = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'params');

/**
 * A query-string number: the empty string is missing (not 0), anything that is not a finite number is
 * 'must be a number'. `check` adds the ranges (n => n.int(...).min(...)).
 */
export const queryNumber = (check: (n: z.ZodNumber) => z.ZodNumber = (n) => n) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v),
    check(z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') }).finite('must be a finite number')),
  );

/** limit and offset of a paged list, the same for every list route; nothing else in the query. */
export const pageQuery = (opts: { defaultLimit: number; maxLimit: number; maxOffset?: number }) =>
  z.strictObject({
    limit: queryNumber((n) => n.int('must be an integer').min(1, 'must be at least 1').max(opts.maxLimit, `must be at most ${opts.maxLimit}`))
      .optional()
      .default(opts.defaultLimit),
    offset: queryNumber((n) => n.int('must be an integer').min(0, 'must be at least 0').max(opts.maxOffset ?? 100_000, `must be at most ${opts.maxOffset ?? 100_000}`))
      .optional()
      .default(0),
  });

/** A path's :id, which is always a UUID. */
export const uuidParam = z.strictObject({ id: z.uuid('must be a UUID') });
