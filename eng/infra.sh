#!/usr/bin/env bash
# Local infrastructure for development and tests, without Docker (ARCHITECTURE.md section 7b):
# a private PostgreSQL cluster and, for the tests, an S3 endpoint (s3rver from npm).
#
#   eng/infra.sh up [--s3]            install what is missing, start what is not running (idempotent)
#   eng/infra.sh down [postgres|s3]   stop what `up` started (all of it, or only the named services)
#   eng/infra.sh status [postgres|s3] exit 0 when every named service (default: postgres) is running
#   eng/infra.sh env                  print `export` lines for the app and the tests
#
# Settings (environment): VP_PG_PORT (default 55432), VP_S3_PORT (default 4569), VP_LOCAL (default .local).
# Everything lives under the git-ignored .local/ folder; every PID started is recorded in
# .local/pids/<name>.pid, and `down` stops exactly those processes, never anything else.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# VP_LOCAL moves everything (cluster, s3rver data, PIDs) elsewhere: the crash-safety spec runs a throwaway cluster with it.
LOCAL="${VP_LOCAL:-$ROOT/.local}"
PIDS="$LOCAL/pids"

PG_PORT="${VP_PG_PORT:-55432}"
S3_PORT="${VP_S3_PORT:-4569}"
S3_BUCKET="videos-test"
S3RVER_VERSION="3.7.1"
S3RVER_PREFIX="$LOCAL/s3rver"
S3RVER_DATA="$LOCAL/s3rver-data"
# The bucket's CORS: players on other origins read media from it (README.md, "Playing in your own player").
S3_CORS="$ROOT/eng/s3rver-cors.xml"
DATABASES=(videopipeline videopipeline_test)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

# pid_alive PID NAME: the process exists and its command name (comm) is NAME. Checking the name
# guards against a recorded PID that was reused by an unrelated process after a reboot or crash.
# A zombie (exited, not yet reaped by init) does not count as alive.
pid_alive() {
  local pid="$1" name="$2" comm stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null)" || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"   # fields after "(comm) ": the first one is the state
  [ "$comm" = "$name" ] && [ "${stat%% *}" != Z ]
}

recorded_pid() { cat "$PIDS/$1.pid" 2>/dev/null || true; }

# apt_install PKG...: installs the given Debian packages, running `apt-get update` first only when
# the package lists are missing (a fresh machine); one retry after an update covers stale lists.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || die "need root to install: $* (apt-get install -y $*)"
  log "installing: $*"
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then apt-get update -qq; fi
  if ! apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

ensure_packages() {
  local with_s3="$1" missing=()
  # The server binaries live in /usr/lib/postgresql/<major>/bin, not on PATH.
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  command -v pg_isready >/dev/null && command -v psql >/dev/null || missing+=(postgresql-client)
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
  command -v curl >/dev/null || missing+=(curl)
  if [ "$with_s3" = 1 ]; then
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
  fi
  # Deduplicate (postgresql pulls postgresql-client anyway).
  if [ "${#missing[@]}" -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    apt_install "${missing[@]}"
  fi
  id postgres >/dev/null 2>&1 || die "the 'postgres' user is missing (it comes with the postgresql package)"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

# The cluster's base folder holds data/ (the cluster), socket/ (unix socket) and postgres.log.
# It must be owned by, and reachable by, the postgres user: initdb/postgres refuse to run as root.
# .local/pg is used when postgres can traverse the repository path; otherwise (e.g. a repository
# under a 0700 home folder) the base goes to /var/tmp/videopipeline-pg-<hash of repo path>, and
# .local/pg is a symlink to it.
pg_resolve_base() {
  local fallback
  fallback="/var/tmp/videopipeline-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
  if [ -L "$LOCAL/pg" ]; then
    PG_BASE="$(readlink -f "$LOCAL/pg")"
  elif runuser -u postgres -- test -x "$LOCAL" 2>/dev/null; then
    # test -x as postgres fails unless every folder on the way is searchable by that user.
    PG_BASE="$LOCAL/pg"
  else
    PG_BASE="$fallback"
  fi
  PG_DATA="$PG_BASE/data"
  PG_SOCKET="$PG_BASE/socket"
  PG_LOG="$PG_BASE/postgres.log"
}

pg_prepare_base() {
  mkdir -p "$LOCAL"
  pg_resolve_base
  if [ "$PG_BASE" != "$LOCAL/pg" ] && [ ! -L "$LOCAL/pg" ]; then
    log "postgres cannot reach $LOCAL; the cluster lives in $PG_BASE (symlinked from .local/pg)"
    ln -sfn "$PG_BASE" "$LOCAL/pg"
  fi
  mkdir -p "$PG_BASE" "$PG_SOCKET"
  chown postgres:postgres "$PG_BASE" "$PG_SOCKET"
  chmod 0700 "$PG_BASE"
  runuser -u postgres -- test -w "$PG_BASE" || die "postgres cannot write $PG_BASE"
}

# pg_bin_dir: binaries of the major version that created the cluster, else the newest installed.
pg_bin_dir() {
  local major=""
  [ -s "$PG_DATA/PG_VERSION" ] && major="$(cat "$PG_DATA/PG_VERSION")"
  if [ -n "$major" ]; then
    [ -x "/usr/lib/postgresql/$major/bin/postgres" ] ||
      die "the cluster in $PG_DATA is PostgreSQL $major, which is not installed (remove $PG_DATA to start afresh)"
    echo "/usr/lib/postgresql/$major/bin"
  else
    # shellcheck disable=SC2012 # directory names are plain version numbers
    ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1
  fi
}

# as_pg CMD...: run as the postgres user from a folder it can read (initdb/pg_ctl complain about
# an unreadable working directory such as /root).
as_pg() { (cd "$PG_BASE" && runuser -u postgres -- "$@"); }

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2 >/dev/null 2>&1; }

pg_running() {
  local pid
  pid="$(recorded_pid postgres)"
  pid_alive "$pid" postgres && pg_ready
}

pg_up() {
  pg_prepare_base
  local bin postmaster_pid
  bin="$(pg_bin_dir)"

  if pg_running; then
    log "postgres already running (pid $(recorded_pid postgres), port $PG_PORT)"
  else
    postmaster_pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
    if pid_alive "$postmaster_pid" postgres; then
      # Our cluster runs without a pid record (e.g. .local/pids was deleted): adopt it.
      log "adopting the running cluster in $PG_DATA (pid $postmaster_pid)"
    else
      pg_ready && die "something else answers on 127.0.0.1:$PG_PORT; set VP_PG_PORT to a free port"

      if [ ! -s "$PG_DATA/PG_VERSION" ]; then
        # A half-made data folder (initdb interrupted) is unusable: start it afresh.
        rm -rf "$PG_DATA"
        log "initdb $PG_DATA ($(basename "$(dirname "$bin")"))"
        as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        # Loopback only, socket in our own folder so a system cluster (5432, /var/run/postgresql)
        # never collides. The port is passed at start so VP_PG_PORT can change between runs.
        cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- VideoPipeline dev/test cluster (eng/infra.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCKET'
# test hosts each open their own Npgsql pools
max_connections = 200
EOF
      fi

      # The postmaster.pid of a killed server is stale (its PID is dead, a zombie or reused by
      # another program, which would make postgres refuse to start): remove it.
      rm -f "$PG_DATA/postmaster.pid"

      log "starting postgres on 127.0.0.1:$PG_PORT"
      # Second try: after a crash, orphaned backends may hold the old shared memory for a moment.
      if ! pg_start "$bin" && ! { sleep 3; pg_start "$bin"; }; then
        tail -n 20 "$PG_LOG" >&2 || true
        die "postgres did not start (log: $PG_LOG)"
      fi
    fi
    mkdir -p "$PIDS"
    head -n 1 "$PG_DATA/postmaster.pid" >"$PIDS/postgres.pid"

    for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
    pg_ready || die "postgres does not answer on 127.0.0.1:$PG_PORT (log: $PG_LOG; if it runs on another port, run 'eng/infra.sh down' first)"
    log "postgres running (pid $(recorded_pid postgres), data $PG_DATA)"
  fi

  local db
  for db in "${DATABASES[@]}"; do
    if [ "$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XtAc \
             "select 1 from pg_database where datname = '$db'")" != 1 ]; then
      log "creating database $db"
      psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Xq -c "create database \"$db\"" >/dev/null
    fi
  done
}

# pg_start BINDIR: pg_ctl start, waiting until the server accepts connections.
# setsid: the server gets its own session, so a Ctrl-C aimed at run.sh/test.sh (or a
# process-group kill of the caller) does not hit it; `down` stops it cleanly instead.
# 9>&-: the server must not inherit the lock held by this script (see main).
# pg_stat_statements is loaded (a setting at start, so a cluster made before it gets it at its next start): bench/load.sh
# counts the statements each request costs with it; a database sees them once it has `create extension pg_stat_statements`.
pg_start() {
  (cd "$PG_BASE" && setsid runuser -u postgres -- "$1/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" \
     -w -t 60 -o "-p $PG_PORT -k $PG_SOCKET -c shared_preload_libraries=pg_stat_statements" >/dev/null 9>&-)
}

pg_down() {
  local pid bin
  pid="$(recorded_pid postgres)"
  [ -n "$pid" ] || return 0
  pg_resolve_base
  if pid_alive "$pid" postgres; then
    bin="$(pg_bin_dir)"
    # pg_ctl signals the PID in postmaster.pid: only go ahead when that is the one we recorded.
    if [ "$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)" = "$pid" ]; then
      log "stopping postgres (pid $pid)"
      as_pg "$bin/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
    else
      log "warning: pid $pid is not the postmaster of $PG_DATA; not stopping it"
    fi
  fi
  rm -f "$PIDS/postgres.pid"
}

# ---------------------------------------------------------------------------------------------
# s3rver
# ---------------------------------------------------------------------------------------------

s3_url() { echo "http://127.0.0.1:$S3_PORT"; }

# Any HTTP answer (even 403/404) means the server is up; curl prints 000 when nothing answers.
s3_answers() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$(s3_url)/" 2>/dev/null || true)"
  [ -n "$code" ] && [ "$code" != 000 ]
}

s3_running() {
  local pid
  pid="$(recorded_pid s3rver)"
  pid_alive "$pid" node && grep -qa s3rver "/proc/$pid/cmdline" && s3_answers
}

s3_up() {
  local bin="$S3RVER_PREFIX/node_modules/s3rver/bin/s3rver.js"
  if ! grep -qs "\"version\": \"$S3RVER_VERSION\"" "$S3RVER_PREFIX/node_modules/s3rver/package.json"; then
    log "npm install s3rver@$S3RVER_VERSION into .local/s3rver"
    mkdir -p "$S3RVER_PREFIX"
    npm install --prefix "$S3RVER_PREFIX" "s3rver@$S3RVER_VERSION" \
      --no-audit --no-fund --loglevel=error >/dev/null
  fi
  [ -f "$bin" ] || die "s3rver is not where expected: $bin"

  if s3_running; then
    log "s3rver already running (pid $(recorded_pid s3rver), port $S3_PORT)"
    s3_configure_cors
    return 0
  fi
  s3_answers && die "something else answers on 127.0.0.1:$S3_PORT; set VP_S3_PORT to a free port"

  mkdir -p "$S3RVER_DATA" "$PIDS" "$LOCAL/logs"
  rm -f "$PIDS/s3rver.pid"   # stale (s3_running said no): the wait below reads the new one
  log "starting s3rver on $(s3_url) (bucket $S3_BUCKET)"
  # The wrapper writes its own PID then execs node, so the recorded PID is s3rver's whatever
  # setsid does (it forks when the caller leads a process group). Own session: see pg_up.
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDS/s3rver.pid" \
    node "$ROOT/eng/s3rver-atomic.js" "$bin" --directory "$S3RVER_DATA" --address 127.0.0.1 --port "$S3_PORT" --silent \
    --configure-bucket "$S3_BUCKET" "$S3_CORS" \
    </dev/null >>"$LOCAL/logs/s3rver.log" 2>&1 9>&- &

  local pid
  for _ in $(seq 1 60); do
    s3_answers && break
    pid="$(recorded_pid s3rver)"
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOCAL/logs/s3rver.log" >&2 || true
      rm -f "$PIDS/s3rver.pid"
      die "s3rver exited (log: .local/logs/s3rver.log)"
    fi
    sleep 0.5
  done
  s3_answers || die "s3rver does not answer on $(s3_url) (log: .local/logs/s3rver.log)"
  log "s3rver running (pid $(recorded_pid s3rver), data .local/s3rver-data)"
}

# s3_configure_cors: puts the bucket's CORS on a server that was started without it (before infra.sh configured it at
# start); s3rver takes PutBucketCors without credentials.
s3_configure_cors() {
  curl -fsS -o /dev/null -m 10 -X PUT -H 'Content-Type: application/xml' --data-binary "@$S3_CORS" "$(s3_url)/$S3_BUCKET?cors" ||
    die "could not set the CORS of bucket $S3_BUCKET on $(s3_url)"
}

s3_down() {
  local pid
  pid="$(recorded_pid s3rver)"
  [ -n "$pid" ] || return 0
  if pid_alive "$pid" node && grep -qa s3rver "/proc/$pid/cmdline"; then
    log "stopping s3rver (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$PIDS/s3rver.pid"
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------

cmd_env() {
  # Single quotes: the connection strings contain ';'.
  cat <<EOF
export ConnectionStrings__Postgres='Host=127.0.0.1;Port=$PG_PORT;Database=videopipeline;Username=postgres'
export VIDEOPIPELINE_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Database=videopipeline_test;Username=postgres'
export VIDEOPIPELINE_TEST_S3_URL='$(s3_url)'
export VIDEOPIPELINE_TEST_S3_BUCKET='$S3_BUCKET'
EOF
}

# parse_services DEFAULT... -- ARG...: sets SERVICES from the named services (postgres, s3), or
# from the defaults when none is named.
parse_services() {
  local defaults=() a
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do defaults+=("$1"); shift; done
  shift
  [ "$#" -gt 0 ] || set -- "${defaults[@]}"
  SERVICES=()
  for a in "$@"; do
    case "$a" in
      postgres|pg) SERVICES+=(postgres) ;;
      s3|s3rver) SERVICES+=(s3) ;;
      *) usage ;;
    esac
  done
}

main() {
  local cmd="${1:-}"
  [ "$#" -gt 0 ] && shift

  case "$cmd" in
    env) cmd_env; return 0 ;;
    status)
      local s
      parse_services postgres -- "$@"
      for s in "${SERVICES[@]}"; do
        case "$s" in
          postgres) pg_running || return 1 ;;
          s3) s3_running || return 1 ;;
        esac
      done
      return 0 ;;
    up|down) ;;
    *) usage ;;
  esac

  # up/down change shared state: serialise concurrent callers (run.sh and test.sh at once).
  mkdir -p "$LOCAL" "$PIDS"
  exec 9>"$LOCAL/infra.lock"
  flock 9

  if [ "$cmd" = up ]; then
    local with_s3=0
    case "${1:-}" in
      "") ;;
      --s3) with_s3=1 ;;
      *) usage ;;
    esac
    ensure_packages "$with_s3"
    pg_up
    if [ "$with_s3" = 1 ]; then s3_up; fi
  else
    local s
    # Stop s3rver before postgres: nothing depends on the order, it is just the reverse of up.
    parse_services s3 postgres -- "$@"
    for s in "${SERVICES[@]}"; do
      case "$s" in
        postgres) pg_down ;;
        s3) s3_down ;;
      esac
    done
  fi
}

main "$@"
