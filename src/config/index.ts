export { ConfigError } from './config-error.js';
export { loadEnv, LOG_LEVELS, type Env, type LogLevel } from './env.js';
export { loadConfig, type Config, type ConfigFiles } from './load-config.js';
export { MIN_INTERVAL_MS, parseDuration } from './duration.js';
