-- Deletes one item and every key that leads to it (delete-item.ts), unless the item changed since
-- it was read; then nothing is written and the caller reads it again.
--
-- KEYS[1] <prefix>:item:<id>   the item
-- KEYS[2] <prefix>:version     store version, INCR on the deletion (announced on <prefix>:changes)
--
-- ARGV[1] sha1 of the item JSON as read
-- ARGV[2] plan, JSON:
--   id        the item id
--   del       [key]                  the item's text (and format-1 search text), its revisions
--   owned     [key]                  url:/fp: keys, deleted only while they still name the item
--   zrem      [key]                  all, ministry, tag and word index sets holding the item
--   zremMembers [[zsetKey, member]]  its entries in the corrections index
--   srem      [[setKey, member]]     band members and the item sets of its sources
--   bandver   [hashKey, [band]]      band change counters to move on
--   tagsKey   hash slug → label; tagDrop [[zsetKey, slug]]: HDEL the label when the tag's set is empty
--
-- Returns: -1 when the item changed since the read (nothing written); else the store version.
local current = redis.call('GET', KEYS[1])
if not current or redis.sha1hex(current) ~= ARGV[1] then return -1 end
local plan = cjson.decode(ARGV[2])
redis.call('DEL', KEYS[1])
for _, key in ipairs(plan.del) do redis.call('DEL', key) end
for _, key in ipairs(plan.owned) do
  if redis.call('GET', key) == plan.id then redis.call('DEL', key) end
end
for _, key in ipairs(plan.zrem) do redis.call('ZREM', key, plan.id) end
for _, z in ipairs(plan.zremMembers) do redis.call('ZREM', z[1], z[2]) end
for _, s in ipairs(plan.srem) do redis.call('SREM', s[1], s[2]) end
for _, band in ipairs(plan.bandver[2]) do redis.call('HINCRBY', plan.bandver[1], band, 1) end
for _, t in ipairs(plan.tagDrop) do
  if redis.call('ZCARD', t[1]) == 0 then redis.call('HDEL', plan.tagsKey, t[2]) end
end
local version = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', string.gsub(KEYS[2], 'version$', 'changes'), version)
return version
