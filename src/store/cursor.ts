/**
 * Paging position in a newest-first listing: (published ms, item id). Items are ordered by score
 * descending, then id descending — the order ZREVRANGEBYSCORE gives — so equal timestamps still
 * have one unambiguous order and a cursor names exactly one place in it.
 */
import { InvalidCursorError } from './errors.js';

export interface Position {
  score: number;
  id: string;
}

const DECODED = /^(-?\d{1,16}):([0-9a-f]{16})$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.score}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new InvalidCursorError(cursor);
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError(cursor);
  const score = Number(match[1]);
  if (!Number.isSafeInteger(score)) throw new InvalidCursorError(cursor);
  return { score, id: match[2]! };
}
