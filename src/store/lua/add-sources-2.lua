-- Writes an item JSON with sources added, unless the item changed since it was read.
--
-- KEYS[1] <prefix>:item:<id>   the item
-- KEYS[2] <prefix>:version     store version, INCR on every item change
-- ARGV[1] sha1 of the item JSON as read
-- ARGV[2] the new item JSON
-- ARGV[3] the item id; ARGV[4..] per added source its item set (<prefix>:src:<id>:items) and
--         its state hash (<prefix>:src:<id>), whose duplicates count goes up: the source led to
--         an item that was already known
--
-- The new version is announced on <prefix>:changes (see commit-ingest-4.lua).
--
-- Returns: -1 when the item changed since the read (nothing written); else the store version.
local current = redis.call('GET', KEYS[1])
if not current or redis.sha1hex(current) ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
for i = 4, #ARGV, 2 do
  redis.call('SADD', ARGV[i], ARGV[3])
  redis.call('HINCRBY', ARGV[i + 1], 'c:duplicates', 1)
end
local version = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', string.gsub(KEYS[2], 'version$', 'changes'), version)
return version
