# shellcheck shell=bash
# Docker registry: Debian's docker-registry (the Distribution project's registry 2.x) in the background
# (nohup + setsid) with its own config, storage and pid file under the state dir. Plain HTTP on loopback,
# no authentication: Docker pushes to and pulls from 127.0.0.0/8 over HTTP without any daemon setting.

REGISTRY_HOME="$HALFSTACK_STATE_DIR/registry"
REGISTRY_CONF="$REGISTRY_HOME/config.yml"
REGISTRY_PIDFILE="$REGISTRY_HOME/registry.pid"
REGISTRY_LOG="$HALFSTACK_LOG_DIR/registry.log"

registry_address() {
  printf 'http://%s:%s' "$HALFSTACK_HOST" "$REGISTRY_PORT"
}

registry_missing_packages() {
  if ! command -v docker-registry >/dev/null; then
    printf '%s\n' docker-registry
  fi
  if ! command -v curl >/dev/null; then
    printf '%s\n' curl
  fi
}

# The registry answers GET /v2/ with 200 and its API version header when it is up and needs no token.
registry_check() {
  command -v curl >/dev/null || return 1
  [[ $(timeout 5 curl -fsS -o /dev/null -D - "$(registry_address)/v2/" 2>/dev/null | tr -d '\r' |
    sed -n 's/^[Dd]ocker-[Dd]istribution-[Aa]pi-[Vv]ersion: //p') == registry/2.0 ]]
}

registry_write_config() {
  cat >"$REGISTRY_CONF" <<CONF
# Written by tessera scripts/halfstack up; rewritten on every start.
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $REGISTRY_HOME/data
  delete:
    enabled: true
http:
  addr: $HALFSTACK_HOST:$REGISTRY_PORT
  headers:
    X-Content-Type-Options: [nosniff]
CONF
}

registry_up() {
  local user waited=0
  if registry_check; then
    say "registry: found running at $(registry_address)"
    return
  fi
  if process_alive "$REGISTRY_PIDFILE" docker-registry; then
    fail_with_log registry "$REGISTRY_LOG" "pid $(<"$REGISTRY_PIDFILE") is running but does not answer on $(registry_address)"
  fi
  user=$(service_user docker-registry)
  install -d -m 755 -o "$user" -g "$user" "$REGISTRY_HOME" "$REGISTRY_HOME/data"
  owned_file "$user" "$REGISTRY_LOG"
  registry_write_config
  nohup setsid setpriv --reuid="$user" --regid="$user" --init-groups -- docker-registry serve "$REGISTRY_CONF" \
    >>"$REGISTRY_LOG" 2>&1 </dev/null {HALFSTACK_LOCK_FD}>&- &
  printf '%s\n' "$!" >"$REGISTRY_PIDFILE"
  wait_while_alive 30 "$REGISTRY_PIDFILE" docker-registry registry_check || waited=$?
  case $waited in
    1) fail_with_log registry "$REGISTRY_LOG" "no answer on $(registry_address)/v2/ after 30s" ;;
    2) fail_with_log registry "$REGISTRY_LOG" 'docker-registry exited during start-up' ;;
  esac
  say "registry: started at $(registry_address)"
}

registry_down() {
  if ! process_alive "$REGISTRY_PIDFILE" docker-registry; then
    say 'registry: not running from the halfstack pid file'
    return
  fi
  stop_pidfile "$REGISTRY_PIDFILE" docker-registry 30
  say 'registry: stopped'
}
