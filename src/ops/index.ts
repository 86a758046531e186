/** ops: what operators look at — source health, the admin sources rows and Redis fitness. Pure or read-only. */
export { formatDuration, isUnhealthy, sourceHealth, STALE_AFTER_INTERVALS, type SourceHealth, type SourceHealthStatus } from './health.js';
export { isVersionAtLeast, MIN_REDIS_VERSION, readRedisInfo, redisProblems, type RedisInfo } from './redis-info.js';
export { readSourceRows, type SourceRow, type SourceRowDeps } from './source-rows.js';
export { describeWalk } from './walk.js';
