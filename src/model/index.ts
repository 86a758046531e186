export * from './types.js';
export { slugify } from './slug.js';
