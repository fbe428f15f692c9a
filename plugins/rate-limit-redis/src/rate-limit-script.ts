/**
 * One request of one access key, in one round trip and atomically (a Lua script runs alone on the
 * Redis server), so managers sharing the Redis count together. KEYS[1] is the key's sorted set:
 * members are requests, scores their times in ms. ARGV: now (ms), window (ms), the request's
 * member (unique per request). Drops what left the window (scores <= now - window, as upstream),
 * adds this request, keeps the set alive one window after its last request (PEXPIRE: an idle key
 * disappears by itself), and answers how many requests remain in the window.
 */
export const RATE_LIMIT_HIT_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, ARGV[3])
redis.call('PEXPIRE', key, window)
return redis.call('ZCARD', key)
`;
