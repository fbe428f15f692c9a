# shellcheck shell=bash
# Docker: use the engine if it already answers; otherwise start dockerd in the background (there is no systemd)
# and remember its pid, so that `down` stops only a daemon that halfstack started.

DOCKER_HOME="$HALFSTACK_STATE_DIR/docker"
DOCKER_PIDFILE="$DOCKER_HOME/dockerd.pid"
DOCKER_LOG="$HALFSTACK_LOG_DIR/dockerd.log"

docker_address() {
  printf '%s' "$DOCKER_HOST_URL"
}

docker_missing_packages() {
  if ! docker_check && { ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; }; then
    printf '%s\n' docker.io
  fi
}

docker_check() {
  command -v docker >/dev/null &&
    timeout 15 docker -H "$DOCKER_HOST_URL" info --format '{{.ServerVersion}}' >/dev/null 2>&1
}

docker_up() {
  local outcome='started dockerd' waited=0
  if docker_check; then
    say "docker: found running at $(docker_address)"
    if [[ $(timeout 15 docker -H "$DOCKER_HOST_URL" network inspect bridge \
      --format '{{index .Options "com.docker.network.bridge.enable_icc"}}' 2>/dev/null) == true ]]; then
      say 'docker: its default bridge lets containers talk to each other (no --icc=false): single-kernel sessions get networks of their own'
    fi
    return
  fi
  if process_alive "$DOCKER_PIDFILE" dockerd || process_alive /var/run/docker.pid dockerd; then
    say 'docker: dockerd is running but does not answer yet; waiting for it'
    outcome='dockerd'
  else
    command -v dockerd >/dev/null || fail 'docker: dockerd is not installed'
    install -d -m 755 "$DOCKER_HOME"
    # --icc=false: containers on the default bridge cannot reach each other, so the docker agent
    # backend puts single-kernel sessions there without giving up isolation (singleKernelNetwork).
    nohup setsid dockerd --host "$DOCKER_HOST_URL" --icc=false --userland-proxy=false >>"$DOCKER_LOG" 2>&1 </dev/null {HALFSTACK_LOCK_FD}>&- &
    printf '%s\n' "$!" >"$DOCKER_PIDFILE"
  fi
  if [[ $outcome == 'started dockerd' ]]; then
    wait_while_alive 90 "$DOCKER_PIDFILE" dockerd docker_check || waited=$?
  else
    wait_until 90 docker_check || waited=$?
  fi
  case $waited in
    1) fail_with_log docker "$DOCKER_LOG" "docker info does not answer on $(docker_address) after 90s" ;;
    2) fail_with_log docker "$DOCKER_LOG" 'dockerd exited during start-up' ;;
  esac
  say "docker: $outcome, answering at $(docker_address)"
}

docker_down() {
  if ! process_alive "$DOCKER_PIDFILE" dockerd; then
    rm -f "$DOCKER_PIDFILE"
    say 'docker: not started by halfstack; leaving the engine alone'
    return
  fi
  stop_pidfile "$DOCKER_PIDFILE" dockerd 60
  say 'docker: stopped the dockerd that halfstack started'
}
