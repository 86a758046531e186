/** text: small string helpers that need nothing of the project (a leaf). */
export { suggestClosest } from './suggest.js';
