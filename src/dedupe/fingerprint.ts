import { createHash } from 'node:crypto';
import { identityText } from './normalize-text.js';

/** sha1 hex of the identity text: equal for copies that differ only in typography or in ae/oe/ue/ss for ä/ö/ü/ß. */
export function contentFingerprint(text: string): string {
  return createHash('sha1').update(identityText(text)).digest('hex');
}
