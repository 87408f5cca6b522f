# What the benchmark scripts share; sourced, not run. Starts the local PostgreSQL (eng/infra.sh) and leaves the working
# directory at the repository's root.
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$bench_root"
eng/infra.sh up >/dev/null
eval "$(eng/infra.sh env)"
pg_port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$ConnectionStrings__Postgres")"

# fresh_database NAME: drops and creates the database NAME; sets db_url to its connection string.
fresh_database() {
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Xq -c "drop database if exists $1 with (force)" -c "create database $1"
  db_url="${ConnectionStrings__Postgres/Database=videopipeline/Database=$1}"
}

build_service() {
  echo "building the service (Release)" >&2
  dotnet build src/VideoPipeline -c Release -nologo -v q >/dev/null
}

# wait_live URL [LOG]: until the service at URL answers /health/live (a minute at most; then LOG is printed and the script ends).
wait_live() {
  for _ in $(seq 1 300); do curl -fs "$1/health/live" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no answer from $1" >&2
  [ -z "${2:-}" ] || cat "$2" >&2
  exit 1
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
slowest() { printf '%s\n' "$@" | sort -g | tail -1; }
# The middle value, or the mean of the middle two of an even count.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# quiet: waits (a minute at most) until the CPUs were at least 90% idle over one second, so that a timed run does not
# share them with what ran before it (a service compiles its hot code in the background after its first jobs).
quiet() {
  local idle total prev_idle prev_total
  cpu_times() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
  read -r prev_idle prev_total < <(cpu_times)
  for _ in $(seq 1 60); do
    sleep 1
    read -r idle total < <(cpu_times)
    (( (idle - prev_idle) * 10 >= (total - prev_total) * 9 )) && return 0
    prev_idle="$idle"; prev_total="$total"
  done
  echo "the CPUs stayed busy for a minute; measuring anyway" >&2
}
