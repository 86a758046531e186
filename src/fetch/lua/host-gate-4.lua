-- Per-host politeness shared by every worker through Redis (RedisHostGate, host-gate.ts): how
-- many requests to one host run at once, and how far apart they start — and, so that nobody has
-- to wait inside a worker slot, a line of callers with the time each may come back.
--
-- A slot is granted only when fewer than maxInFlight leases are held and the host's spacing (or
-- a server's Retry-After) has passed: that alone makes politeness strict. The line only decides
-- who goes next and when it is worth asking again: a caller that is not granted gets its own
-- time, `interval` after the last one in line, so a host with 500 waiting jobs sees them come back
-- one by one instead of all at once; a caller in line keeps its place when it asks again. A new
-- caller may take a free slot now only if that does not push anyone in line back.
--
-- The Redis clock is used so that workers on machines with drifting clocks agree. Expired leases
-- (a worker that crashed while holding a slot) and places whose caller never came back are
-- dropped before counting.
--
-- KEYS[1] <prefix>:host:<host>:leases  sorted set, member = lease token, score = expiry (ms)
-- KEYS[2] <prefix>:host:<host>:next    string: the earliest start of the next request (ms)
-- KEYS[3] <prefix>:host:<host>:line    sorted set, member = caller token, score = its time (ms)
-- KEYS[4] <prefix>:host:<host>:took    string: how long a request to the host takes (ms, moving average)
--
-- ARGV[1] "take":    ARGV[2] token (the caller's place in line and, when granted, its lease),
--                    ARGV[3] maxInFlight, ARGV[4] spacingMs, ARGV[5] leaseMs
-- ARGV[1] "release": ARGV[2] token, ARGV[3] how long the request took (ms); optional ARGV[4] how
--                    long ago the request went out on its connection (ms) and ARGV[5] spacingMs:
--                    no start before then + spacing (a later start already set is kept), so the
--                    spacing holds as the host sees it even when the request waited for a connection
-- ARGV[1] "defer":   ARGV[2] ms; no start before now + ms (a later start already set is kept)
--
-- Returns: for "take" {1, 0} when the slot is granted (lease stored until now + leaseMs), or
--          {0, waitMs} with the time to come back (the caller now has that place in line);
--          for "release" and "defer" {1, 0}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local leases, nextKey, line, tookKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

-- A place whose caller has not come back this long after its time is given up (the job died).
local ABANDONED_MS = 30000
-- A request that took nothing still leaves this much between two times in line.
local MIN_INTERVAL_MS = 1
-- How long the moving average of request times is kept for a host that is no longer fetched.
local TOOK_TTL_MS = 86400000

-- No start before untilMs; a later start already set is kept.
local function noStartBefore(untilMs)
  local current = tonumber(redis.call('GET', nextKey) or '0')
  if untilMs > current and untilMs > now then
    redis.call('SET', nextKey, untilMs, 'PX', untilMs - now)
  end
end

if ARGV[1] == 'defer' then
  noStartBefore(now + tonumber(ARGV[2]))
  return {1, 0}
end

if ARGV[1] == 'release' then
  redis.call('ZREM', leases, ARGV[2])
  if ARGV[5] then noStartBefore(now - tonumber(ARGV[4]) + tonumber(ARGV[5])) end
  local took = tonumber(ARGV[3])
  local average = tonumber(redis.call('GET', tookKey) or tostring(took))
  redis.call('SET', tookKey, math.floor(average * 0.8 + took * 0.2 + 0.5), 'PX', TOOK_TTL_MS)
  return {1, 0}
end

local token, maxInFlight = ARGV[2], tonumber(ARGV[3])
local spacing, leaseMs = tonumber(ARGV[4]), tonumber(ARGV[5])

redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
redis.call('ZREMRANGEBYSCORE', line, '-inf', now - ABANDONED_MS)

local busy = redis.call('ZCARD', leases) >= maxInFlight
local nextStart = tonumber(redis.call('GET', nextKey) or '0')
local free = (not busy) and now >= nextStart
-- Two requests in line start this far apart: the spacing, or the time a slot takes to come free.
local took = tonumber(redis.call('GET', tookKey) or '0')
local interval = math.max(spacing, math.ceil(took / maxInFlight), MIN_INTERVAL_MS)

local function grant()
  redis.call('ZREM', line, token)
  redis.call('ZADD', leases, now + leaseMs, token)
  redis.call('PEXPIRE', leases, leaseMs)
  if spacing > 0 then
    redis.call('SET', nextKey, now + spacing, 'PX', spacing)
  end
  return {1, 0}
end

local function placeAt(at)
  redis.call('ZADD', line, at, token)
  local last = redis.call('ZRANGE', line, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', line, math.max(1, tonumber(last[2]) - now + ABANDONED_MS))
  return {0, math.max(1, at - now)}
end

-- The earliest moment a request could start: when the spacing has passed, or a slot comes free.
local earliest = math.max(now, nextStart)
if busy then earliest = math.max(earliest, now + interval) end

if redis.call('ZSCORE', line, token) then
  -- In line already: go when the host allows it, else keep the place and come back then.
  if free then return grant() end
  return placeAt(earliest)
end

local first = redis.call('ZRANGE', line, 0, 0, 'WITHSCORES')
if free and (first[2] == nil or tonumber(first[2]) >= now + interval) then
  return grant()
end
local last = redis.call('ZRANGE', line, -1, -1, 'WITHSCORES')
if last[2] ~= nil then earliest = math.max(earliest, tonumber(last[2]) + interval) end
return placeAt(earliest)
