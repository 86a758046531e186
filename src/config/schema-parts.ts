import { z } from 'zod';
import { normalizeHost } from './hosts.js';

/**
 * Building blocks shared by the config schemas. Every message is a phrase that follows the
 * offending value (see describe-issues.ts): `"x" is empty`, `"a b" is not a host name …`.
 */

export const text = z.string().trim().min(1, 'is empty');

export const hostName = z
  .string()
  .refine((value) => normalizeHost(value) !== undefined, 'is not a host name (no scheme, port or path), e.g. soziales.hessen.de');

/** A value checked by one function that returns what is wrong with it, or undefined. */
export function checked<T>(describe: (value: unknown) => string | undefined): z.ZodType<T> {
  return z.custom<T>().superRefine((value, context) => {
    const problem = describe(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
}
