# shellcheck shell=bash
# Settings and shared helpers for scripts/halfstack: messages, running as a service user, waiting, apt.

HALFSTACK_STATE_DIR="${TESSERA_HALFSTACK_STATE_DIR:-/var/lib/tessera-halfstack}"
HALFSTACK_LOG_DIR="$HALFSTACK_STATE_DIR/log"
HALFSTACK_HOST=127.0.0.1

POSTGRES_PORT="${TESSERA_HALFSTACK_POSTGRES_PORT:-8100}"
POSTGRES_USER=postgres
POSTGRES_PASSWORD=develove
POSTGRES_DB=backend
REDIS_PORT="${TESSERA_HALFSTACK_REDIS_PORT:-8110}"
ETCD_CLIENT_PORT="${TESSERA_HALFSTACK_ETCD_PORT:-8120}"
ETCD_PEER_PORT="${TESSERA_HALFSTACK_ETCD_PEER_PORT:-8320}"
REGISTRY_PORT="${TESSERA_HALFSTACK_REGISTRY_PORT:-8130}"
DOCKER_HOST_URL="${TESSERA_HALFSTACK_DOCKER_HOST:-unix:///var/run/docker.sock}"

say() {
  printf 'halfstack: %s\n' "$*"
}

fail() {
  printf 'halfstack: error: %s\n' "$*" >&2
  exit 1
}

# fail_with_log SERVICE LOGFILE MESSAGE: stop with a message that names the service and shows the end of its log.
fail_with_log() {
  local service=$1 log=$2 message=$3
  {
    printf 'halfstack: error: %s: %s\n' "$service" "$message"
    printf 'halfstack: %s log: %s\n' "$service" "$log"
    if [[ -s $log ]]; then
      printf -- '----- last lines of %s -----\n' "$log"
      tail -n 25 "$log"
      printf -- '-----\n'
    fi
  } >&2
  exit 1
}

# wait_until SECONDS COMMAND...: retry COMMAND every half second until it succeeds; non-zero if SECONDS pass first.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
}

# wait_while_alive SECONDS PIDFILE NAME COMMAND...: like wait_until, but gives up at once (status 2) when the
# process in PIDFILE, which should be called NAME, has exited.
wait_while_alive() {
  local deadline=$((SECONDS + $1)) pidfile=$2 name=$3
  shift 3
  until "$@" >/dev/null 2>&1; do
    process_alive "$pidfile" "$name" || return 2
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
}

# process_alive PIDFILE NAME: the pid in PIDFILE is a live process whose command name is NAME.
process_alive() {
  local pidfile=$1 name=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$name" ]]
}

# stop_pidfile PIDFILE NAME SECONDS: SIGTERM the process named in PIDFILE and wait for it to exit.
stop_pidfile() {
  local pidfile=$1 name=$2 seconds=$3 pid
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$seconds" test ! -e "/proc/$pid"; then
    say "$name (pid $pid) ignored SIGTERM for ${seconds}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 test ! -e "/proc/$pid" || fail "$name (pid $pid) does not exit"
  fi
  rm -f "$pidfile"
}

# service_user NAME: NAME if that system user exists (the Debian packages create them), otherwise root.
service_user() {
  if id -u "$1" >/dev/null 2>&1; then
    printf '%s' "$1"
  else
    printf 'root'
  fi
}

# The descriptor holding halfstack.lock (take_lock picks the number); daemons must not inherit it, or the lock
# would outlive the run that took it.
HALFSTACK_LOCK_FD=9

# as_user USER COMMAND...: run COMMAND as USER from /, without the lock descriptor.
as_user() {
  local user=$1
  shift
  if [[ $user == root ]]; then
    (cd / && exec "$@" {HALFSTACK_LOCK_FD}>&-)
  else
    (cd / && exec setpriv --reuid="$user" --regid="$user" --init-groups -- "$@" {HALFSTACK_LOCK_FD}>&-)
  fi
}

# owned_file USER PATH: create PATH (and its folder) if missing and give it to USER, so a daemon can append to it.
owned_file() {
  mkdir -p "$(dirname "$2")"
  touch "$2"
  chown "$1:" "$2"
}

HALFSTACK_POLICY_RC=/usr/sbin/policy-rc.d
HALFSTACK_WROTE_POLICY_RC=0

# While apt installs, a policy-rc.d that answers 101 stops the packages from starting their system-wide daemons
# (the default PostgreSQL cluster on 5432, redis on 6379, etcd on 2379): halfstack runs its own on other ports.
block_service_autostart() {
  if [[ ! -e $HALFSTACK_POLICY_RC ]]; then
    printf '#!/bin/sh\n# Written by tessera scripts/halfstack for the length of an apt-get install.\nexit 101\n' \
      >"$HALFSTACK_POLICY_RC"
    chmod 755 "$HALFSTACK_POLICY_RC"
    HALFSTACK_WROTE_POLICY_RC=1
  fi
}

unblock_service_autostart() {
  if ((HALFSTACK_WROTE_POLICY_RC)); then
    rm -f "$HALFSTACK_POLICY_RC"
    HALFSTACK_WROTE_POLICY_RC=0
  fi
}

# apt_install PACKAGE...: one apt-get update, then a non-interactive install; the output goes to log/apt.log.
apt_install() {
  local log="$HALFSTACK_LOG_DIR/apt.log"
  command -v apt-get >/dev/null || fail "these packages are missing and apt-get is not available: $*"
  say "installing with apt-get: $* (output in $log)"
  export DEBIAN_FRONTEND=noninteractive
  trap unblock_service_autostart EXIT
  block_service_autostart
  if ! apt-get update -q >>"$log" 2>&1; then
    fail_with_log apt "$log" 'apt-get update failed'
  fi
  if ! apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >>"$log" 2>&1; then
    fail_with_log apt "$log" "apt-get install $* failed"
  fi
  unblock_service_autostart
}
