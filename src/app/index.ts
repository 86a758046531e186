/** app: assembles one hessenfeed process (Redis, store, queues, pipeline, web server) from configuration. */
export { createLogger, openApp, type App, type AppOverrides, type AppReconcileResult } from './open-app.js';
export { StartupError } from './redis.js';
export { startWeb, type StartWebOptions } from './start-web.js';
export { packageInfo } from '../about/index.js';
