/** ops: what operators look at — source health and Redis fitness. Pure or read-only. */
export { formatDuration, isUnhealthy, sourceHealth, STALE_AFTER_INTERVALS, type SourceHealth, type SourceHealthStatus } from './health.js';
export { isVersionAtLeast, MIN_REDIS_VERSION, readRedisInfo, redisProblems, type RedisInfo } from './redis-info.js';
