// zod at the edge: every body, query and path parameter is parsed here, and a failure answers
// 400 { error: { code: 'validation_failed', message, fields: { field: 'what was wrong' } } } naming each
// bad field. Request bodies use strict objects, so an unexpected field is named rather than ignored.
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

export function validationError(fields: FieldErrors): HttpError {
  const names = Object.keys(fields);
  return new HttpError(400, 'validation_failed', `invalid ${names.join(', ')}`.slice(0, 300), fields);
}

/** Parses one part of a request, throwing a 400 validation_failed HttpError naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, req: Request, where: Where): z.output<S> {
  const input = where === 'body' ? (req.body ?? {}) : where === 'query' ? req.query : req.params;
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw validationError(fieldErrors(r.error, where));
  return r.data;
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'body');
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'query');
export const parseParams = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req, 'params');

/** A query-string number: the empty string is missing, not 0. */
export const queryNumber = () =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v), z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') }).finite('must be a finite number'));

export const uuidParam = z.object({ id: z.uuid('must be a UUID') });
