-- One page of a filtered listing in one round trip (query.ts): walks the driver set newest first
-- (score descending, then id descending, as ZREVRANGEBYSCORE orders it) from just after a
-- position, keeps the ids that are in at least one set of every other group, and returns them
-- with their item JSON. It stops at `count` matches, after `scanLimit` ids looked at (so one call
-- never holds Redis long: the caller goes on from the last id looked at), or at the end of the
-- driver. The driver is the smallest set that is a group of its own, so the work is bounded by
-- the rarest filter, and a page of a common intersection ends early.
--
-- No KEYS: the sets are named in ARGV (their number varies); all under one prefix.
-- ARGV[1] the item key prefix, `<prefix>:item:`
-- ARGV[2] count: matches wanted
-- ARGV[3] scanLimit: ids to look at at most
-- ARGV[4] the score of the position to start after, or "" to start at the newest
-- ARGV[5] the id of that position ("" with ARGV[4] "")
-- ARGV[6] JSON array of groups, each an array of sets: [["<p>:tag:a","<p>:tag:b"],["<p>:min:x"]];
--         at least one group holds one set only (the caller makes a union of its own otherwise)
--
-- Returns: { matches, lastScore, lastId, ended } where matches is a flat array
-- { id, score, json, id, score, json, … } (an id whose item is missing is left out), last* the
-- position of the last id looked at ("" when none), and ended 1 when the driver has no older id.
local itemPrefix, count, scanLimit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local afterScore, afterId = ARGV[4], ARGV[5]
local groups = cjson.decode(ARGV[6])
local driver, driverAt, driverSize = nil, nil, nil
for at, group in ipairs(groups) do
  if #group == 1 then
    local size = redis.call('ZCARD', group[1])
    if not driverSize or size < driverSize then driver, driverAt, driverSize = group[1], at, size end
  end
end
if not driver then return redis.error_reply('read-page: no group of one set to walk') end
table.remove(groups, driverAt)
local matches, found, scanned = {}, 0, 0
local lastScore, lastId = afterScore, afterId

-- Looks at `ids` (with `scores`) in order, up to the scan limit: the members of every group (one
-- ZMSCORE per set for all of them) join the matches. True when the walk must stop.
local function visit(ids, scores)
  local n = math.min(#ids, scanLimit - scanned)
  if n <= 0 then return true end
  if n < #ids then ids = { unpack(ids, 1, n) } end
  local keep = {}
  for i = 1, n do keep[i] = true end
  for _, group in ipairs(groups) do
    local inGroup = {}
    for _, key in ipairs(group) do
      local reply = redis.call('ZMSCORE', key, unpack(ids))
      for i = 1, n do if reply[i] then inGroup[i] = true end end
    end
    for i = 1, n do if not inGroup[i] then keep[i] = false end end
  end
  for i = 1, n do
    scanned = scanned + 1
    lastScore, lastId = scores[i], ids[i]
    if keep[i] then
      local json = redis.call('GET', itemPrefix .. ids[i])
      if json then
        matches[#matches + 1] = ids[i]
        matches[#matches + 1] = scores[i]
        matches[#matches + 1] = json
        found = found + 1
        if found >= count then return true end
      end
    end
  end
  return scanned >= scanLimit
end

local max = '+inf'
if afterScore ~= '' then
  -- The rest of a group of equal scores: ids below the position's, highest first.
  local tied = redis.call('ZRANGEBYSCORE', driver, afterScore, afterScore)
  local ids, scores = {}, {}
  for i = #tied, 1, -1 do
    if tied[i] < afterId then
      ids[#ids + 1] = tied[i]
      scores[#scores + 1] = afterScore
    end
  end
  if #ids > 0 and visit(ids, scores) then return { matches, lastScore, lastId, 0 } end
  max = '(' .. afterScore
end

-- Twice the matches wanted first (most pages of a common filter end there), then twice as many
-- each time, as the filter turns out rarer.
local batch = count * 2
local offset = 0
while true do
  local reply = redis.call('ZREVRANGEBYSCORE', driver, max, '-inf', 'WITHSCORES', 'LIMIT', offset, batch)
  local ids, scores = {}, {}
  for i = 1, #reply, 2 do
    ids[#ids + 1] = reply[i]
    scores[#scores + 1] = reply[i + 1]
  end
  local short = #ids < batch
  if #ids > 0 and visit(ids, scores) then
    -- Stopped at the very last id of the driver: nothing older is left.
    return { matches, lastScore, lastId, (short and lastId == ids[#ids]) and 1 or 0 }
  end
  if short then return { matches, lastScore, lastId, 1 } end
  offset = offset + batch
  batch = math.min(batch * 2, 1024)
end
