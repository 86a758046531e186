/**
 * redis: what every part that talks to Redis shares. A leaf: it imports nothing of the project,
 * so fetch/ (the host gate) and store/ both use it without depending on each other.
 */
export { keyCountOf, LuaScript } from './lua-script.js';
