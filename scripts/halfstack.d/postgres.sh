# shellcheck shell=bash
# PostgreSQL: a private cluster (its own data dir, socket dir and port) started with pg_ctl, independent of the
# machine's default cluster. Role postgres / password develove / database backend, as in Backend.AI's halfstack.

POSTGRES_HOME="$HALFSTACK_STATE_DIR/postgres"
POSTGRES_DATA="$POSTGRES_HOME/data"
POSTGRES_SOCKET_DIR="$POSTGRES_HOME/run"
POSTGRES_LOG="$HALFSTACK_LOG_DIR/postgres.log"

postgres_address() {
  printf 'postgresql://%s:%s@%s:%s/%s' "$POSTGRES_USER" "$POSTGRES_PASSWORD" "$HALFSTACK_HOST" "$POSTGRES_PORT" \
    "$POSTGRES_DB"
}

# The newest server installed under /usr/lib/postgresql/<version>/bin, or nothing.
postgres_bindir() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [[ -x $initdb ]]; then
    dirname "$initdb"
  fi
}

postgres_missing_packages() {
  if [[ -z $(postgres_bindir) ]] || ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    printf '%s\n' postgresql
  fi
}

# postgres_sql DATABASE SQL: run SQL over TCP as the halfstack role; prints unaligned tuples only.
postgres_sql() {
  PGPASSWORD="$POSTGRES_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -t -A -v ON_ERROR_STOP=1 \
    -h "$HALFSTACK_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "$1" -c "$2"
}

postgres_accepting() {
  command -v pg_isready >/dev/null && pg_isready -q -h "$HALFSTACK_HOST" -p "$POSTGRES_PORT" -t 2
}

postgres_check() {
  postgres_accepting && [[ $(postgres_sql "$POSTGRES_DB" 'select 1' 2>/dev/null) == 1 ]]
}

postgres_initialise() {
  local bindir=$1 pwfile
  say "postgres: creating a cluster in $POSTGRES_DATA"
  install -d -m 700 -o postgres -g postgres "$POSTGRES_DATA"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres: "$pwfile"
  if ! as_user postgres "$bindir/initdb" -D "$POSTGRES_DATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=peer --auth-host=scram-sha-256 --data-checksums --encoding=UTF8 --locale=C.UTF-8 \
    >>"$POSTGRES_LOG" 2>&1; then
    rm -f "$pwfile"
    fail_with_log postgres "$POSTGRES_LOG" "initdb failed in $POSTGRES_DATA"
  fi
  rm -f "$pwfile"
  # The server settings of Backend.AI's halfstack compose file.
  cat >>"$POSTGRES_DATA/postgresql.conf" <<CONF

# tessera halfstack
max_connections = 256
max_worker_processes = 4
deadlock_timeout = 10s
lock_timeout = 60000
idle_in_transaction_session_timeout = 60000
CONF
}

postgres_ensure_database() {
  local exists
  if ! exists=$(postgres_sql postgres "select 1 from pg_database where datname = '$POSTGRES_DB'" 2>&1); then
    fail_with_log postgres "$POSTGRES_LOG" \
      "a server answers on $HALFSTACK_HOST:$POSTGRES_PORT but refuses $POSTGRES_USER/$POSTGRES_PASSWORD: $exists"
  fi
  if [[ $exists != 1 ]]; then
    postgres_sql postgres "create database $POSTGRES_DB" >/dev/null
    say "postgres: created database $POSTGRES_DB"
  fi
}

postgres_up() {
  local bindir
  if postgres_accepting; then
    postgres_ensure_database
    say "postgres: found running at $(postgres_address)"
    return
  fi
  bindir=$(postgres_bindir)
  [[ -n $bindir ]] || fail 'postgres: no server binaries under /usr/lib/postgresql/*/bin'
  owned_file postgres "$POSTGRES_LOG"
  install -d -m 755 -o postgres -g postgres "$POSTGRES_HOME" "$POSTGRES_SOCKET_DIR"
  if [[ ! -s $POSTGRES_DATA/PG_VERSION ]]; then
    postgres_initialise "$bindir"
  fi
  if ! as_user postgres "$bindir/pg_ctl" -D "$POSTGRES_DATA" -l "$POSTGRES_LOG" -w -t 60 start \
    -o "-c port=$POSTGRES_PORT -c listen_addresses=$HALFSTACK_HOST -c unix_socket_directories=$POSTGRES_SOCKET_DIR" \
    >/dev/null; then
    fail_with_log postgres "$POSTGRES_LOG" "pg_ctl could not start the server in $POSTGRES_DATA"
  fi
  wait_until 30 postgres_accepting ||
    fail_with_log postgres "$POSTGRES_LOG" "not accepting connections on $HALFSTACK_HOST:$POSTGRES_PORT after 30s"
  postgres_ensure_database
  say "postgres: started at $(postgres_address)"
}

postgres_down() {
  local bindir
  bindir=$(postgres_bindir)
  if [[ -z $bindir || ! -s $POSTGRES_DATA/postmaster.pid ]] ||
    ! as_user postgres "$bindir/pg_ctl" -D "$POSTGRES_DATA" status >/dev/null 2>&1; then
    say 'postgres: not running from the halfstack data dir'
    return
  fi
  as_user postgres "$bindir/pg_ctl" -D "$POSTGRES_DATA" -m fast -w -t 60 stop >/dev/null ||
    fail_with_log postgres "$POSTGRES_LOG" 'pg_ctl stop failed'
  say 'postgres: stopped'
}
