export * from './types.js';
export { slugify } from './slug.js';
export { itemLink, itemLinks } from './links.js';
export { createMinistryRegistry, type MinistryRegistry } from './ministry-registry.js';
