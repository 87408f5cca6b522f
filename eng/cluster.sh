#!/usr/bin/env bash
# The load balancer of a local cluster (ARCHITECTURE.md section 5b): Debian's nginx in front of several nodes.
#
#   eng/cluster.sh install                        install nginx when missing (without starting Debian's own nginx service)
#   eng/cluster.sh apt PACKAGE...                 install Debian packages of nginx (modules) the same way
#   eng/cluster.sh conf FOLDER LISTEN PORT... [--rtmp RTMP_LISTEN RTMP_PORT...] [--srt SRT_LISTEN SRT_PORT...]
#                                                 write FOLDER/nginx.conf: nginx on 127.0.0.1:LISTEN balancing 127.0.0.1:PORT...,
#                                                 with --rtmp, RTMP (TCP) on RTMP_LISTEN (host:port) balancing the
#                                                 nodes' ingest servers on 127.0.0.1:RTMP_PORT..., and with --srt, SRT
#                                                 (UDP) on SRT_LISTEN balancing the nodes' SRT listeners on 127.0.0.1:SRT_PORT...
#   eng/cluster.sh start FOLDER                   run that nginx in the foreground (exec; the caller records the PID)
#
# The configuration keeps everything (pid, logs, temp files) under FOLDER, so several clusters can run side by side and
# stopping one is stopping the one nginx master its caller started.
set -euo pipefail

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

STREAM_MODULE=/usr/lib/nginx/modules/ngx_stream_module.so

cmd_install() {
  command -v nginx >/dev/null && [ -f "$STREAM_MODULE" ] && return 0
  log "installing nginx and its TCP balancing module (Debian's nginx-light, libnginx-mod-stream)"
  cmd_apt nginx-light libnginx-mod-stream
}

# cmd_apt PKG...: installs Debian packages of nginx without letting them start Debian's own nginx service.
cmd_apt() {
  [ "$(id -u)" -eq 0 ] || die "need root to install: $* (apt-get install -y $*)"
  export DEBIAN_FRONTEND=noninteractive
  # The package starts its own nginx on port 80 after installing: a policy-rc.d that says "no" keeps it stopped.
  local policy=/usr/sbin/policy-rc.d placed=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && placed=1; fi
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then apt-get update -qq; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
  if [ "$placed" = 1 ]; then rm -f "$policy"; fi
}

cmd_conf() {
  local folder="$1" listen="$2" rtmp_listen="" srt_listen="" ports=() rtmp_ports=() srt_ports=()
  shift 2
  while [ "$#" -gt 0 ] && [ "$1" != --rtmp ] && [ "$1" != --srt ]; do ports+=("$1"); shift; done
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --rtmp)
        rtmp_listen="${2:-}"; shift 2 || die "conf: --rtmp needs RTMP_LISTEN and at least one RTMP_PORT"
        while [ "$#" -gt 0 ] && [ "$1" != --srt ]; do rtmp_ports+=("$1"); shift; done
        [ "${#rtmp_ports[@]}" -gt 0 ] || die "conf: --rtmp needs at least one RTMP_PORT" ;;
      --srt)
        srt_listen="${2:-}"; shift 2 || die "conf: --srt needs SRT_LISTEN and at least one SRT_PORT"
        while [ "$#" -gt 0 ] && [ "$1" != --rtmp ]; do srt_ports+=("$1"); shift; done
        [ "${#srt_ports[@]}" -gt 0 ] || die "conf: --srt needs at least one SRT_PORT" ;;
      *) die "conf: unexpected $1" ;;
    esac
  done
  [ "${#ports[@]}" -gt 0 ] || die "conf: name at least one node port"
  set -- "${ports[@]}"
  mkdir -p "$folder/logs" "$folder/temp"
  folder="$(cd "$folder" && pwd)"
  {
    if [ -n "$rtmp_listen$srt_listen" ]; then printf 'load_module %s;\n' "$STREAM_MODULE"; fi
    cat <<CONF
worker_processes 1;
daemon off;
pid $folder/nginx.pid;
error_log $folder/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $folder/temp/body;
  proxy_temp_path $folder/temp/proxy;
  fastcgi_temp_path $folder/temp/fastcgi;
  uwsgi_temp_path $folder/temp/uwsgi;
  scgi_temp_path $folder/temp/scgi;
  upstream videopipeline {
    least_conn;
CONF
    for port in "$@"; do printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=2s;\n' "$port"; done
    cat <<CONF
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$listen;
    # The service bounds every body per route itself (uploads through the embedded store are media-sized).
    client_max_body_size 0;
    location / {
      proxy_pass http://videopipeline;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # Uploads stream through, and live changes (Server-Sent Events) are never held back.
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 1h;
      # A node that is stopping or gone: the request goes to the next one. A request whose upstream connection broke
      # after it was sent (a node killed mid-request) is retried too: every write of the API is idempotent or ends
      # in a new upload ticket the client never saw.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 3;
    }
  }
}
CONF
    if [ -n "$rtmp_listen$srt_listen" ]; then printf 'stream {\n'; fi
    if [ -n "$rtmp_listen" ]; then
      # Each publish is one long TCP connection to one node's ingest server: least_conn spreads the ladders; a node
      # whose ingest server refuses the connection is skipped for the next.
      printf '  upstream rtmp_ingest {\n    least_conn;\n'
      for port in "${rtmp_ports[@]}"; do printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=2s;\n' "$port"; done
      printf '  }\n  server {\n    listen %s;\n    proxy_pass rtmp_ingest;\n    proxy_connect_timeout 2s;\n    proxy_timeout 1m;\n  }\n' "$rtmp_listen"
    fi
    if [ -n "$srt_listen" ]; then
      # SRT is a connection over UDP: each publisher's address and port (its 4-tuple) is hashed to one node's listener,
      # so every datagram of a session reaches the same node. A node that is gone is not seen by a UDP proxy: the
      # publisher's handshake times out and it calls again from a new port, which hashes afresh.
      printf '  upstream srt_ingest {\n    hash $remote_addr:$remote_port consistent;\n'
      for port in "${srt_ports[@]}"; do printf '    server 127.0.0.1:%s;\n' "$port"; done
      # SRT keeps a session alive with a keepalive a second; one silent for 10 s is over.
      printf '  }\n  server {\n    listen %s udp;\n    proxy_pass srt_ingest;\n    proxy_timeout 10s;\n  }\n' "$srt_listen"
    fi
    if [ -n "$rtmp_listen$srt_listen" ]; then printf '}\n'; fi
  } >"$folder/nginx.conf"
}

main() {
  case "${1:-}" in
    install) cmd_install ;;
    apt) shift; [ "$#" -gt 0 ] || die "usage: eng/cluster.sh apt PACKAGE..."; cmd_apt "$@" ;;
    conf) shift; [ "$#" -ge 3 ] || die "usage: eng/cluster.sh conf FOLDER LISTEN PORT... [--rtmp RTMP_LISTEN RTMP_PORT...] [--srt SRT_LISTEN SRT_PORT...]"; cmd_conf "$@" ;;
    start) [ -f "${2:-}/nginx.conf" ] || die "usage: eng/cluster.sh start FOLDER (after conf)"; exec nginx -p "$(cd "$2" && pwd)" -c "$(cd "$2" && pwd)/nginx.conf" ;;
    *) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
