-- Starts a backfill walk of one source (src/store/walk-state.ts): the walk's hash is replaced by
-- the fields given, or, with "if-absent", written only when the source never had a walk, so that
-- two schedulers starting a source's first backfill at once start one walk.
--
-- KEYS[1] <prefix>:walk:<source>  hash: the source's walk
--
-- ARGV[1] "replace" or "if-absent"
-- ARGV[2..] field, value, field, value … of the new walk
--
-- Returns: 1 when the walk was started; 0 when "if-absent" found a walk (nothing written).
if ARGV[1] == 'if-absent' and redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
