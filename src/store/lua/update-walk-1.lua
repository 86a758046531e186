-- Records what became of one page of a backfill walk (src/store/walk-state.ts) — only if the walk
-- is still running that run and is at that page. A page's job can run twice (its worker died
-- after the page was recorded, and the job came back as stalled), and a restarted walk leaves
-- the old run's jobs behind; those find the walk elsewhere and write nothing. Checking and
-- writing in one script makes "page N finished, the next page is M at URL" one step: a crash
-- leaves the walk either before page N or after it, never in between.
--
-- KEYS[1] <prefix>:walk:<source>  hash: the source's walk
--
-- ARGV[1] run the page belongs to
-- ARGV[2] the page (counted from 0) the walk must be at
-- ARGV[3] change, JSON:
--   incr  {field: n}       HINCRBY for counters (page, pages, found, new, duplicates, errors, …)
--   set   {field: value}   HSET (strings)
--   del   [field]          HDEL (the next page's URL once the walk ended)
--
-- Returns: 1 when the change was written; 0 when the walk is not at that page of that run.
local walk = KEYS[1]
local current = redis.call('HMGET', walk, 'run', 'status', 'page')
if current[1] ~= ARGV[1] or current[2] ~= 'running' or current[3] ~= ARGV[2] then
  return 0
end
local change = cjson.decode(ARGV[3])
if change.incr then
  for field, n in pairs(change.incr) do redis.call('HINCRBY', walk, field, n) end
end
if change.set then
  for field, value in pairs(change.set) do redis.call('HSET', walk, field, value) end
end
if change.del then
  for _, field in ipairs(change.del) do redis.call('HDEL', walk, field) end
end
return 1
