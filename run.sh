#!/usr/bin/env bash
# Runs VideoPipeline locally (Development environment) on http://127.0.0.1:5080, or $ASPNETCORE_URLS:
# installs PostgreSQL and ffmpeg when missing, starts the private Postgres cluster (eng/infra.sh),
# builds the dashboard when there is one, then runs the host. On exit it stops what it started;
# a Postgres that was already running before is left running.
#
#   ./run.sh --nodes N   a cluster of N nodes (http://127.0.0.1:5081 ... 508N) sharing the Postgres and the
#                        storage folder, behind Debian's nginx on http://127.0.0.1:5080 (installed when missing).
#                        Each node has its own live ingest server (RTMP on 127.0.0.1:1941 ... 194N, control on
#                        1951 ... 195N) and its own SRT listener (UDP 127.0.0.1:9711 ... 971N); the same nginx
#                        balances RTMP on $VP_RTMP_PORT (default 1935) and SRT on UDP $VP_SRT_PORT (default 9710) over them.
#                        A node (or nginx) that dies is started again 5 s later, as a supervisor would, while the
#                        others keep serving. Ctrl-C stops nginx and every node (what this script started, nothing else).
#
# Both modes keep what they create under .local/ at the repository's root: objects in .local/storage, logs in .local/logs.
#
# A single node also gets its live ingest server (eng/live.sh: Debian's nginx with its RTMP module, installed when
# missing): publishers connect to rtmp://<host>:$VP_RTMP_PORT/live/<stream key> (default 1935); its control endpoint
# listens on 127.0.0.1:$VP_RTMP_CONTROL_PORT (default 1936). SRT publishers call the node's own listener (libsrt) at
# srt://<host>:$VP_SRT_PORT (UDP, default 9710) with the stream key as streamid.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

nodes=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --nodes) nodes="${2:-}"; shift 2 ;;
    --nodes=*) nodes="${1#--nodes=}"; shift ;;
    *) echo "usage: ./run.sh [--nodes N]" >&2; exit 2 ;;
  esac
done
[[ "$nodes" =~ ^[0-9]+$ ]] && [ "$nodes" -le 9 ] || { echo "run.sh: --nodes takes 1 to 9" >&2; exit 2; }

started=()   # services this run started (eng/infra.sh service names)
app_pid=""
pids=()      # cluster mode: nginx and every node, each in a session of its own

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    # The app runs in its own process group (setsid below): signal `dotnet run` and the app it
    # spawned together, then wait for a graceful shutdown.
    kill -TERM -- "-$app_pid" 2>/dev/null || kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${#started[@]}" -gt 0 ]; then eng/infra.sh down "${started[@]}" || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# supervise LOG COMMAND...: runs COMMAND in a session of its own (its output appended to LOG) and starts it again 5 s
# after it ends, until this supervisor is sent TERM, which it passes on to the command's whole session. Run in the
# background: a background subshell ignores the terminal's Ctrl-C, which run.sh turns into that TERM.
supervise() {
  local log="$1" child="" stopping=0
  shift
  trap 'stopping=1; [ -z "$child" ] || kill -TERM -- "-$child" 2>/dev/null || true' TERM
  while [ "$stopping" = 0 ]; do
    setsid "$@" >>"$log" 2>&1 &
    child=$!
    # wait returns early when TERM arrives; wait again for the command's own exit.
    wait "$child" || true
    while kill -0 "$child" 2>/dev/null; do wait "$child" || true; done
    [ "$stopping" = 0 ] || break
    echo "run.sh: $(basename "$log" .log) exited; starting it again in 5 s (log: $log)" >&2
    sleep 5 &
    wait "$!" || true
  done
}

eng/infra.sh status postgres || started+=(postgres)
eng/infra.sh up

if [ -f dashboard/package.json ]; then
  command -v npm >/dev/null || { echo "run.sh: npm is needed to build dashboard/ (apt-get install nodejs npm)" >&2; exit 1; }
  echo "run.sh: building the dashboard" >&2
  (cd dashboard && npm ci --no-audit --no-fund && npm run build)
fi

eval "$(eng/infra.sh env)"
export ASPNETCORE_ENVIRONMENT=Development
# Absolute paths: `dotnet run` starts the app in its project folder, the cluster's nodes here; both share .local/.
export VideoPipeline__Storage__FileSystem__Root="${VideoPipeline__Storage__FileSystem__Root:-$PWD/.local/storage}"
mkdir -p .local/logs

rtmp_port="${VP_RTMP_PORT:-1935}"
srt_port="${VP_SRT_PORT:-9710}"
export VideoPipeline__Live__SrtUrl="${VideoPipeline__Live__SrtUrl:-srt://127.0.0.1:$srt_port}"
export VideoPipeline__Live__CallbackSecret="${VideoPipeline__Live__CallbackSecret:-dev-live-callback-secret}"
export VideoPipeline__Live__RtmpUrl="${VideoPipeline__Live__RtmpUrl:-rtmp://127.0.0.1:$rtmp_port/live}"

if [ "$nodes" -gt 0 ]; then
  eng/cluster.sh install
  eng/live.sh install
  echo "run.sh: building the app once for $nodes nodes" >&2
  dotnet build src/VideoPipeline -c Release -v quiet -nologo >&2
  mkdir -p .local/cluster
  ports=()
  rtmp_ports=()
  srt_ports=()
  for i in $(seq 1 "$nodes"); do
    port=$((5080 + i)); ports+=("$port")
    node_rtmp=$((1940 + i)) node_control=$((1950 + i)); rtmp_ports+=("$node_rtmp")
    node_srt=$((srt_port + i)); srt_ports+=("$node_srt")
    # The node's ingest server calls it back on loopback; the node reads and drops its publishers there.
    eng/live.sh conf ".local/live-$port" "127.0.0.1:$node_rtmp" "$node_control" "http://127.0.0.1:$port" "$VideoPipeline__Live__CallbackSecret"
    supervise "$PWD/.local/logs/live-ingest-$port.log" eng/live.sh start ".local/live-$port" &
    pids+=("$!")
    # Every node: the same Postgres, the same storage folder (Shared=true: one volume, here one disk), its own port,
    # name (host:port), temp folder and log file; Balanced durability, so they share the queue and agents.
    (
      export ASPNETCORE_URLS="http://127.0.0.1:$port"
      export VideoPipeline__Queue__DurabilityMode=Balanced
      export VideoPipeline__Storage__FileSystem__Shared=true
      export VideoPipeline__Storage__FileSystem__PublicBaseUrl=http://127.0.0.1:5080
      export VideoPipeline__Logging__FilePath="$PWD/.local/logs/node-$port-.json"
      export VideoPipeline__Live__RtmpReadUrl="rtmp://127.0.0.1:$node_rtmp/live"
      export VideoPipeline__Live__ControlUrl="http://127.0.0.1:$node_control/control"
      export VideoPipeline__Live__SrtListen="127.0.0.1:$node_srt"
      root="$PWD"
      cd src/VideoPipeline
      supervise "$root/.local/logs/node-$port.log" dotnet bin/Release/net10.0/VideoPipeline.dll
    ) &
    pids+=("$!")
  done
  eng/cluster.sh conf .local/cluster 5080 "${ports[@]}" --rtmp "0.0.0.0:$rtmp_port" "${rtmp_ports[@]}" --srt "0.0.0.0:$srt_port" "${srt_ports[@]}"
  supervise "$PWD/.local/logs/nginx.log" eng/cluster.sh start .local/cluster &
  pids+=("$!")
  echo "run.sh: $nodes nodes on ports ${ports[*]} behind nginx on http://127.0.0.1:5080, live ingest on rtmp://127.0.0.1:$rtmp_port/live and srt://127.0.0.1:$srt_port (logs in .local/logs; a node that dies is started again; Ctrl-C stops them)" >&2
  wait
  exit 0
fi

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"

# The live ingest server calls this node back on loopback, at the port it serves (the first of ASPNETCORE_URLS).
rtmp_control_port="${VP_RTMP_CONTROL_PORT:-1936}"
app_port="$(sed -E 's#^[a-z]+://[^;]*:([0-9]+).*#\1#' <<<"${ASPNETCORE_URLS%%;*}")"
[[ "$app_port" =~ ^[0-9]+$ ]] || app_port=80
export VideoPipeline__Live__RtmpReadUrl="rtmp://127.0.0.1:$rtmp_port/live"
export VideoPipeline__Live__ControlUrl="http://127.0.0.1:$rtmp_control_port/control"
export VideoPipeline__Live__SrtListen="0.0.0.0:$srt_port"
eng/live.sh install
eng/live.sh conf .local/live "0.0.0.0:$rtmp_port" "$rtmp_control_port" "http://127.0.0.1:$app_port" "$VideoPipeline__Live__CallbackSecret"
supervise "$PWD/.local/logs/live-ingest.log" eng/live.sh start .local/live &
pids+=("$!")
# The embedded store's presigned URLs must point at where the app listens: follow a single
# ASPNETCORE_URLS (a wildcard host becomes 127.0.0.1) unless the base URL is set explicitly.
if [ -z "${VideoPipeline__Storage__FileSystem__PublicBaseUrl:-}" ] && [[ "$ASPNETCORE_URLS" != *";"* ]]; then
  public_url="$(sed -E 's#^(https?://)(\*|\+|0\.0\.0\.0|\[::\])#\1127.0.0.1#; s#/+$##' <<<"$ASPNETCORE_URLS")"
  export VideoPipeline__Storage__FileSystem__PublicBaseUrl="$public_url"
fi

export VideoPipeline__Logging__FilePath="${VideoPipeline__Logging__FilePath:-$PWD/.local/logs/videopipeline-.json}"

echo "run.sh: serving $ASPNETCORE_URLS, live ingest on rtmp://127.0.0.1:$rtmp_port/live and srt://127.0.0.1:$srt_port (Ctrl-C stops the app and what run.sh started)" >&2
# In the background, in a session of its own, so that a TERM sent to run.sh alone (not only a
# terminal's Ctrl-C) reaches the app through cleanup instead of waiting for the app to end.
setsid --wait dotnet run --project src/VideoPipeline -c Release &
app_pid=$!
wait "$app_pid"
