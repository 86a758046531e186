/** The HTTP interface; see server.ts. */
export type { WebContext } from './context.js';
export { buildServer } from './server.js';
export { parseFilter, type RawQuery } from './query.js';
