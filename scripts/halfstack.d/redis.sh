# shellcheck shell=bash
# Redis: redis-server daemonized with its own config, pid file, log and data dir under the state dir.

REDIS_HOME="$HALFSTACK_STATE_DIR/redis"
REDIS_CONF="$REDIS_HOME/redis.conf"
REDIS_PIDFILE="$REDIS_HOME/redis.pid"
REDIS_LOG="$HALFSTACK_LOG_DIR/redis.log"

redis_address() {
  printf 'redis://%s:%s' "$HALFSTACK_HOST" "$REDIS_PORT"
}

redis_missing_packages() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    printf '%s\n' redis-server
  fi
}

redis_check() {
  command -v redis-cli >/dev/null &&
    [[ $(timeout 5 redis-cli -h "$HALFSTACK_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_write_config() {
  cat >"$REDIS_CONF" <<CONF
# Written by tessera scripts/halfstack up; rewritten on every start.
bind $HALFSTACK_HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_PIDFILE
logfile $REDIS_LOG
dir $REDIS_HOME/data
CONF
}

redis_up() {
  local user
  if redis_check; then
    say "redis: found running at $(redis_address)"
    return
  fi
  user=$(service_user redis)
  install -d -m 755 -o "$user" -g "$user" "$REDIS_HOME" "$REDIS_HOME/data"
  owned_file "$user" "$REDIS_LOG"
  redis_write_config
  if ! as_user "$user" redis-server "$REDIS_CONF" >>"$REDIS_LOG" 2>&1; then
    fail_with_log redis "$REDIS_LOG" "redis-server $REDIS_CONF failed"
  fi
  wait_until 20 redis_check ||
    fail_with_log redis "$REDIS_LOG" "no PONG on $HALFSTACK_HOST:$REDIS_PORT after 20s"
  say "redis: started at $(redis_address)"
}

redis_down() {
  if ! process_alive "$REDIS_PIDFILE" redis-server; then
    say 'redis: not running from the halfstack pid file'
    return
  fi
  stop_pidfile "$REDIS_PIDFILE" redis-server 30
  say 'redis: stopped'
}
