-- Per-host politeness shared by every worker through Redis (RedisHostGate, host-gate.ts): how
-- many requests to one host run at once, and how far apart they start. The Redis clock is used
-- so that workers on machines with drifting clocks agree. Expired leases (a worker that crashed
-- while holding a slot) are dropped before counting.
--
-- KEYS[1] <prefix>:host:<host>:leases  sorted set, member = lease token, score = expiry (ms, Redis clock)
-- KEYS[2] <prefix>:host:<host>:next    "next allowed start" (ms, Redis clock)
--
-- ARGV[1] "acquire": ARGV[2] lease token, ARGV[3] maxInFlight, ARGV[4] minSpacingMs, ARGV[5] leaseMs
-- ARGV[1] "defer":   ARGV[2] ms; no start before now + ms (a later start already set is kept)
--
-- Returns: for "acquire" {1, 0} when the slot is granted (lease stored until now + leaseMs),
--          {0, waitMs} when all slots are taken (waitMs until the oldest lease expires),
--          {2, waitMs} when a slot is free but the host's spacing has waitMs to go;
--          for "defer" {1, 0}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local leases, nextKey = KEYS[1], KEYS[2]

if ARGV[1] == 'defer' then
  local untilMs = now + tonumber(ARGV[2])
  local current = tonumber(redis.call('GET', nextKey) or '0')
  if untilMs > current then
    redis.call('SET', nextKey, untilMs, 'PX', math.max(1, untilMs - now))
  end
  return {1, 0}
end

local token, maxInFlight = ARGV[2], tonumber(ARGV[3])
local spacing, leaseMs = tonumber(ARGV[4]), tonumber(ARGV[5])

redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
if redis.call('ZCARD', leases) >= maxInFlight then
  local oldest = redis.call('ZRANGE', leases, 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(oldest[2]) - now)}
end

local nextStart = tonumber(redis.call('GET', nextKey) or '0')
if now < nextStart then
  return {2, nextStart - now}
end

redis.call('ZADD', leases, now + leaseMs, token)
redis.call('PEXPIRE', leases, leaseMs)
if spacing > 0 then
  redis.call('SET', nextKey, now + spacing, 'PX', spacing)
end
return {1, 0}
