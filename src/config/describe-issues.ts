import type { z } from 'zod';
import { suggestClosest } from '../text/index.js';

export type PathSegment = string | number;

/**
 * Turns zod issues into one line each, in the form `<file>: <path>: <what is wrong>`, e.g.
 * `config/sources.yaml: sources[3].interval: "15 mins" is not a duration like 15m`.
 *
 * Schemas attach their own phrases (`is not a duration like 15m`) to the checks they make; this
 * function puts the offending value in front, so every message shows what was actually written.
 */
export function describeIssues(file: string, schema: z.ZodType, data: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => describeIssue(file, schema, data, issue));
}

function describeIssue(file: string, schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue): string[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = listKnownKeys(schema, path);
    return issue.keys.map((key) => formatProblem(file, [...path, key], describeUnknownKey(key, known)));
  }
  const value = readAtPath(data, path);
  if (path.length === 0 && (value === null || value === undefined)) {
    return [formatProblem(file, path, `the file is empty (expected ${listKnownKeys(schema, path).join(', ')})`)];
  }
  // "must list at least one host" reads better without the list in front of it.
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'array') {
    return [formatProblem(file, path, issue.message)];
  }
  if (value === undefined) return [formatProblem(file, path, 'required key is missing')];
  if (issue.code === 'invalid_value') {
    return [formatProblem(file, path, `${formatValue(value)} must be one of ${issue.values.map(String).join(', ')}`)];
  }
  return [formatProblem(file, path, `${formatValue(value)} ${issue.message}`)];
}

function describeUnknownKey(key: string, known: readonly string[]): string {
  const suggestion = suggestClosest(key, known);
  if (suggestion !== undefined) return `unknown key (did you mean ${JSON.stringify(suggestion)}?)`;
  return known.length > 0 ? `unknown key (allowed: ${known.join(', ')})` : 'unknown key';
}

/** `<file>: <path>: <message>`; a problem with the whole file has no path. */
export function formatProblem(file: string, path: readonly PathSegment[], message: string): string {
  return path.length === 0 ? `${file}: ${message}` : `${file}: ${formatPath(path)}: ${message}`;
}

/** `sources[3].interval`; keys that are not plain words are quoted: `profiles["a b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** How a value from the file is shown in a message: strings quoted, containers named. */
export function formatValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function readAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** Definition shapes we walk through; zod 4 exposes them on `_zod.def` for exactly this kind of tooling. */
interface WalkableDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
}

/** The keys the schema allows for the object at `path`, so an unknown key can get a suggestion. */
function listKnownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current === undefined) return [];
    const def = current._zod.def as WalkableDef;
    if (def.type === 'object') current = typeof segment === 'string' ? def.shape?.[segment] : undefined;
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
    current = current === undefined ? undefined : unwrap(current);
  }
  const def = current?._zod.def as WalkableDef | undefined;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as WalkableDef;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
}

export type Validated<T> = { ok: true; data: T } | { ok: false; problems: string[] };

/** Validates `data` against `schema` and describes every issue found (zod reports all, not the first). */
export function validate<T>(file: string, schema: z.ZodType<T>, data: unknown): Validated<T> {
  const result = schema.safeParse(data, { error: phraseIssue });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: describeIssues(file, schema, data, result.error.issues) };
}

const TYPE_PHRASES: Record<string, string> = {
  string: 'is not text',
  number: 'is not a number',
  int: 'is not a whole number',
  boolean: 'is not true or false',
  array: 'is not a list',
  object: 'is not a mapping',
  record: 'is not a mapping',
};

/** Phrases for checks whose schema gave none; they follow the offending value. */
function phraseIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') return TYPE_PHRASES[issue.expected] ?? `is not of type ${issue.expected}`;
  return undefined;
}
