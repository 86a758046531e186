-- Migrates one item as it is stored (store formats, see migrate.ts): adds it to the word index,
-- stores its text deflated, deletes its format-1 search text and writes its JSON with the body
-- deflated — unless the item changed since it was read; then nothing is written and the caller
-- reads it again.
--
-- KEYS[1] <prefix>:item:<id>   the item
-- KEYS[2] <prefix>:vocab       the vocabulary (search-index.ts)
--
-- ARGV[1] sha1 of the item JSON as read
-- ARGV[2] postings, JSON {gen, id, score, add: [[setKey, word]]}: ZADD id with score to each set;
--         a set created here appends its word and a line break to the vocabulary, which starts
--         with the line gen
-- ARGV[3] the item's text key; ARGV[4] its deflated text, or "" to leave the key as it is
-- ARGV[5] the item's format-1 search text key, deleted
-- ARGV[6] the item's JSON with its body deflated (item-codec.ts), or "" to leave it as it is; the
--         same item, so the store version stays
--
-- Returns: -1 when the item changed since the read (nothing written); else 1.
local current = redis.call('GET', KEYS[1])
if not current or redis.sha1hex(current) ~= ARGV[1] then return -1 end
local words = cjson.decode(ARGV[2])
if #words.add > 0 and redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], words.gen) end
for _, e in ipairs(words.add) do
  if redis.call('EXISTS', e[1]) == 0 then redis.call('APPEND', KEYS[2], e[2] .. '\n') end
  redis.call('ZADD', e[1], words.score, words.id)
end
if ARGV[4] ~= '' then redis.call('SET', ARGV[3], ARGV[4]) end
redis.call('DEL', ARGV[5])
if ARGV[6] ~= '' then redis.call('SET', KEYS[1], ARGV[6]) end
return 1
