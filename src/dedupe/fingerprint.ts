import { createHash } from 'node:crypto';
import { normalizeText } from './normalize-text.js';

/** sha1 hex of the normalized text: equal for copies that differ only in typography. */
export function contentFingerprint(text: string): string {
  return createHash('sha1').update(normalizeText(text)).digest('hex');
}
