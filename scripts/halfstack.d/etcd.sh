# shellcheck shell=bash
# etcd: a one-member cluster in the background (nohup + setsid), data dir and pid file under the state dir.
# Flags follow Backend.AI's halfstack: client 8120, peer 8320, token backendai-etcd-token, compaction 1h.

ETCD_HOME="$HALFSTACK_STATE_DIR/etcd"
ETCD_PIDFILE="$ETCD_HOME/etcd.pid"
ETCD_LOG="$HALFSTACK_LOG_DIR/etcd.log"

etcd_address() {
  printf 'http://%s:%s' "$HALFSTACK_HOST" "$ETCD_CLIENT_PORT"
}

etcd_missing_packages() {
  if ! command -v etcd >/dev/null; then
    printf '%s\n' etcd-server
  fi
  if ! command -v etcdctl >/dev/null; then
    printf '%s\n' etcd-client
  fi
}

etcd_check() {
  command -v etcdctl >/dev/null &&
    ETCDCTL_API=3 timeout 10 etcdctl --endpoints="$(etcd_address)" --dial-timeout=2s --command-timeout=3s \
      endpoint health >/dev/null 2>&1
}

etcd_up() {
  local user peer waited=0
  if etcd_check; then
    say "etcd: found running at $(etcd_address)"
    return
  fi
  if process_alive "$ETCD_PIDFILE" etcd; then
    fail_with_log etcd "$ETCD_LOG" "pid $(<"$ETCD_PIDFILE") is running but not healthy on $(etcd_address)"
  fi
  user=$(service_user etcd)
  install -d -m 755 -o "$user" -g "$user" "$ETCD_HOME"
  install -d -m 700 -o "$user" -g "$user" "$ETCD_HOME/data"
  owned_file "$user" "$ETCD_LOG"
  # etcd 3.4 refuses to start on anything but amd64 unless told the architecture is accepted.
  if [[ $(uname -m) != x86_64 ]]; then
    export ETCD_UNSUPPORTED_ARCH
    ETCD_UNSUPPORTED_ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
  fi
  peer="http://$HALFSTACK_HOST:$ETCD_PEER_PORT"
  nohup setsid setpriv --reuid="$user" --regid="$user" --init-groups -- etcd \
    --name halfstack \
    --data-dir "$ETCD_HOME/data" \
    --listen-client-urls "$(etcd_address)" \
    --advertise-client-urls "$(etcd_address)" \
    --listen-peer-urls "$peer" \
    --initial-advertise-peer-urls "$peer" \
    --initial-cluster "halfstack=$peer" \
    --initial-cluster-token backendai-etcd-token \
    --initial-cluster-state new \
    --auto-compaction-retention 1 \
    --logger zap \
    >>"$ETCD_LOG" 2>&1 </dev/null {HALFSTACK_LOCK_FD}>&- &
  printf '%s\n' "$!" >"$ETCD_PIDFILE"
  wait_while_alive 30 "$ETCD_PIDFILE" etcd etcd_check || waited=$?
  case $waited in
    1) fail_with_log etcd "$ETCD_LOG" "not healthy on $(etcd_address) after 30s" ;;
    2) fail_with_log etcd "$ETCD_LOG" 'etcd exited during start-up' ;;
  esac
  say "etcd: started at $(etcd_address)"
}

etcd_down() {
  if ! process_alive "$ETCD_PIDFILE" etcd; then
    say 'etcd: not running from the halfstack pid file'
    return
  fi
  stop_pidfile "$ETCD_PIDFILE" etcd 30
  say 'etcd: stopped'
}
