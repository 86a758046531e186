-- Commits one ingest decision that Store.ingest computed from what it read — unless any of that
-- changed since it was read. Then nothing is written and the caller reads again and retries
-- (optimistic concurrency: the same release arriving through four sources at once becomes one
-- item, whichever worker commits first).
--
-- KEYS[1] <prefix>:version      store version, INCR on every item change (cache invalidation)
-- KEYS[2] <prefix>:bandver      hash band → change count (guards the SimHash band lookups)
-- KEYS[3] <prefix>:lastChanged  ISO instant of the last item change
-- KEYS[4] <prefix>:format       store format, set to ARGV[3] with the first item written (a store
--                               without the mark is taken for one of format 1 and migrated)
--
-- ARGV[1] plan, JSON:
--   expectStrings  [[key, value]]          value as read; "" = the key did not exist
--   expectItem     [key, sha1]             sha1 of the item JSON as read; "" = did not exist
--   expectBands    [[band, count]]         bandver counts as read ("0" = none)
--   item           [key, json] | absent    item to write
--   strings        [[key, value]]          url:/fp:/text: keys to write
--   bandRemove     [[setKey, band, member]]
--   bandAdd        [[setKey, band, member]]
--   zrem           [[key, member]]
--   zadd           [[key, score, member]]  score as a string
--   tagsKey        hash slug → label
--   tagLabels      [[slug, label]]         HSETNX for tags now in use
--   tagDrop        [[zsetKey, slug]]       HDEL the label when the tag's zset became empty
--   bump           true when the item changed (bumps version, advances lastChanged)
--   now            ISO instant
--   source         [hashKey, countField, itemsSetKey, itemId]
--   textKey        key | absent           the item's text key, set to ARGV[2]
--   words          absent | {vocab, gen, id, score, add: [[setKey, word]], remove: [setKey]}
--                  word index changes (search-index.ts): ZREM id from each set of remove, ZADD
--                  it with score to each of add; a set created here appends its word (and a
--                  line break) to the vocabulary string, which starts with the line gen
-- ARGV[2] the item's deflated text (text-codec.ts) when textKey is given; binary, so not in the JSON
-- ARGV[3] the store format this code writes (STORE_FORMAT in migrate.ts)
--
-- A change (bump) is announced with its new version on the channel <prefix>:changes (the version
-- key's name with "changes" for "version"), so web processes learn of it without asking.
--
-- Returns: -1 when something changed since the read (nothing written); else the store version.
local plan = cjson.decode(ARGV[1])

for _, e in ipairs(plan.expectStrings) do
  if (redis.call('GET', e[1]) or '') ~= e[2] then return -1 end
end
local current = redis.call('GET', plan.expectItem[1])
local currentSha = ''
if current then currentSha = redis.sha1hex(current) end
if currentSha ~= plan.expectItem[2] then return -1 end
for _, e in ipairs(plan.expectBands) do
  if (redis.call('HGET', KEYS[2], e[1]) or '0') ~= e[2] then return -1 end
end

if plan.item then
  redis.call('SET', plan.item[1], plan.item[2])
  redis.call('SET', KEYS[4], ARGV[3], 'NX')
end
for _, s in ipairs(plan.strings) do redis.call('SET', s[1], s[2]) end
for _, b in ipairs(plan.bandRemove) do
  redis.call('SREM', b[1], b[3])
  redis.call('HINCRBY', KEYS[2], b[2], 1)
end
for _, b in ipairs(plan.bandAdd) do
  redis.call('SADD', b[1], b[3])
  redis.call('HINCRBY', KEYS[2], b[2], 1)
end
for _, z in ipairs(plan.zrem) do redis.call('ZREM', z[1], z[2]) end
for _, z in ipairs(plan.zadd) do redis.call('ZADD', z[1], z[2], z[3]) end
for _, t in ipairs(plan.tagLabels) do redis.call('HSETNX', plan.tagsKey, t[1], t[2]) end
for _, t in ipairs(plan.tagDrop) do
  if redis.call('ZCARD', t[1]) == 0 then redis.call('HDEL', plan.tagsKey, t[2]) end
end

-- ── stored text and word index (text-codec.ts, search-index.ts) ──
if plan.textKey then redis.call('SET', plan.textKey, ARGV[2]) end
local words = plan.words
if words then
  for _, key in ipairs(words.remove) do redis.call('ZREM', key, words.id) end
  if #words.add > 0 and redis.call('EXISTS', words.vocab) == 0 then redis.call('SET', words.vocab, words.gen) end
  for _, e in ipairs(words.add) do
    if redis.call('EXISTS', e[1]) == 0 then redis.call('APPEND', words.vocab, e[2] .. '\n') end
    redis.call('ZADD', e[1], words.score, words.id)
  end
end
-- ── end of stored text and word index ──

local src = plan.source
redis.call('HINCRBY', src[1], src[2], 1)
redis.call('SADD', src[3], src[4])

if plan.bump then
  -- Workers' clocks and commits interleave; lastChanged only moves forward.
  local last = redis.call('GET', KEYS[3])
  if not last or last < plan.now then redis.call('SET', KEYS[3], plan.now) end
  local version = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', string.gsub(KEYS[1], 'version$', 'changes'), version)
  return version
end
return tonumber(redis.call('GET', KEYS[1]) or '0')
