#!/usr/bin/env bash
# Runs VideoPipeline locally (Development environment) on http://127.0.0.1:5080, or $ASPNETCORE_URLS:
# installs PostgreSQL and ffmpeg when missing, starts the private Postgres cluster (eng/infra.sh),
# builds the dashboard when there is one, then runs the host. On exit it stops what it started;
# a Postgres that was already running before is left running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

started=()   # services this run started (eng/infra.sh service names)
app_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    # The app runs in its own process group (setsid below): signal `dotnet run` and the app it
    # spawned together, then wait for a graceful shutdown.
    kill -TERM -- "-$app_pid" 2>/dev/null || kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ "${#started[@]}" -gt 0 ]; then eng/infra.sh down "${started[@]}" || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

eng/shims/build.sh

eng/infra.sh status postgres || started+=(postgres)
eng/infra.sh up

if [ -f dashboard/package.json ]; then
  command -v npm >/dev/null || { echo "run.sh: npm is needed to build dashboard/ (apt-get install nodejs npm)" >&2; exit 1; }
  echo "run.sh: building the dashboard" >&2
  (cd dashboard && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } && npm run build)
fi

eval "$(eng/infra.sh env)"
export ASPNETCORE_ENVIRONMENT=Development
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
# The embedded store's presigned URLs must point at where the app listens: follow a single
# ASPNETCORE_URLS (a wildcard host becomes 127.0.0.1) unless the base URL is set explicitly.
if [ -z "${VideoPipeline__Storage__FileSystem__PublicBaseUrl:-}" ] && [[ "$ASPNETCORE_URLS" != *";"* ]]; then
  public_url="$(sed -E 's#^(https?://)(\*|\+|0\.0\.0\.0|\[::\])#\1127.0.0.1#; s#/+$##' <<<"$ASPNETCORE_URLS")"
  export VideoPipeline__Storage__FileSystem__PublicBaseUrl="$public_url"
fi

echo "run.sh: serving $ASPNETCORE_URLS (Ctrl-C stops the app and what run.sh started)" >&2
# In the background, in a session of its own, so that a TERM sent to run.sh alone (not only a
# terminal's Ctrl-C) reaches the app through cleanup instead of waiting for the app to end.
setsid --wait dotnet run --project src/VideoPipeline -c Release &
app_pid=$!
wait "$app_pid"
