#!/usr/bin/env bash
# Runs the whole test suite: installs PostgreSQL and ffmpeg when missing, starts the private
# Postgres cluster and a local S3 endpoint (s3rver) through eng/infra.sh, builds the dashboard when
# there is one, runs `dotnet test` and exits with its exit code. On exit it stops what it started
# (services that were already running are left running) and prints 'N passed, N failed, N skipped'
# when the test summary could be read.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

started=()   # services this run started (eng/infra.sh service names)
summary=""   # the closing counts line, printed last
cluster_pid=""  # the cluster specs' dotnet test, running beside the others

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$cluster_pid" ] && kill -0 "$cluster_pid" 2>/dev/null; then kill -TERM "$cluster_pid" 2>/dev/null || true; wait "$cluster_pid" 2>/dev/null || true; fi
  if [ "${#started[@]}" -gt 0 ]; then eng/infra.sh down "${started[@]}" || true; fi
  if [ -n "$summary" ]; then echo "$summary"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# summarize LOG: 'N passed, N failed, N skipped' summed over every test assembly, from the VSTest
# console summaries; prints nothing when none is found (e.g. the build failed).
#   normal verbosity:  "Total tests: 4" then "     Passed: 2", "     Failed: 1", "    Skipped: 1"
#                      (a count of 0 is left out), ended by " Total time: ..."
#   minimal verbosity: "Failed!  - Failed:     1, Passed:     2, Skipped:     1, Total: ..."
summarize() {
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | awk '
    /^Total tests: [0-9]+/ { blocks++; inblock = 1; next }
    inblock && /^[[:space:]]+Passed: [0-9]+/  { bp += $2; next }
    inblock && /^[[:space:]]+Failed: [0-9]+/  { bf += $2; next }
    inblock && /^[[:space:]]+Skipped: [0-9]+/ { bs += $2; next }
    { inblock = 0 }
    /^[[:space:]]*(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
      lines++; gsub(/,/, "")
      for (i = 1; i < NF; i++) {
        if ($i == "Failed:") lf += $(i + 1)
        else if ($i == "Passed:") lp += $(i + 1)
        else if ($i == "Skipped:") ls += $(i + 1)
      }
    }
    END {
      if (blocks) printf "%d passed, %d failed, %d skipped\n", bp, bf, bs
      else if (lines) printf "%d passed, %d failed, %d skipped\n", lp, lf, ls
    }'
}

eng/infra.sh status postgres || started+=(postgres)
eng/infra.sh status s3 || started+=(s3)
eng/infra.sh up --s3

# The cluster specs put Debian's nginx in front of three nodes.
eng/cluster.sh install
# The live specs publish through Debian's nginx with its RTMP module (on VP_RTMP_PORT, default 19354).
eng/live.sh install

# The dashboard's browser spec drives Debian's Chromium (no browser download).
if ! command -v chromium >/dev/null; then
  echo "test.sh: installing chromium for the dashboard's browser spec" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
fi

# The README's example of signing a playback token in Python runs on Debian's PyJWT.
if ! /usr/bin/python3 -c "import jwt, cryptography" 2>/dev/null; then
  echo "test.sh: installing python3-jwt for the README's token example" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends python3-jwt python3-cryptography >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-jwt python3-cryptography >/dev/null; }
fi

if [ -f dashboard/package.json ]; then
  command -v npm >/dev/null || { echo "test.sh: npm is needed to build dashboard/ (apt-get install nodejs npm)" >&2; exit 1; }
  echo "test.sh: building the dashboard" >&2
  (cd dashboard && npm ci --no-audit --no-fund && npm run build)
fi

eval "$(eng/infra.sh env)"

mkdir -p .local/logs
log=.local/logs/test.log
cluster_log=.local/logs/test-cluster.log
echo "test.sh: dotnet test (output also in $log; the cluster specs in $cluster_log)" >&2
dotnet build VideoPipeline.sln -c Release -nologo -v q
# The cluster specs (three real nodes behind nginx, minutes each) run beside the in-process specs, not after them;
# their output is printed once they are done.
dotnet test tests/VideoPipeline.ClusterTests -c Release --no-build --logger "console;verbosity=normal" >"$cluster_log" 2>&1 &
cluster_pid=$!
rc=0
dotnet test tests/VideoPipeline.Tests -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
cluster_rc=0
wait "$cluster_pid" || cluster_rc=$?
tee -a "$log" <"$cluster_log"
[ "$rc" -ne 0 ] || rc=$cluster_rc
summary="$(summarize "$log")"
# CI shows only the end of the output: name what failed there.
failed="$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | awk '/^[[:space:]]+Failed [A-Za-z_]/ { show = !seen[$2]++ ? 5 : 0 } show-- > 0')"
if [ -n "$failed" ]; then summary="$(printf 'failed:\n%s\n%s' "$failed" "$summary")"; fi
exit "$rc"
