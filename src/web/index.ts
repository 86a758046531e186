/** The HTTP interface; see server.ts. */
export { buildServer, type WebContext } from './server.js';
export { parseFilter, type RawQuery } from './query.js';
