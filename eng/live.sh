#!/usr/bin/env bash
# The live ingest server (ARCHITECTURE.md section 7d): Debian's nginx with its RTMP module (libnginx-mod-rtmp), which
# takes publishers' RTMP and asks the service, before a byte is processed, whether a stream key may publish.
#
#   eng/live.sh install                                       install nginx and its RTMP module, and libsrt (the service's
#                                                             own SRT listener loads it), when missing
#   eng/live.sh conf FOLDER RTMP_LISTEN CONTROL_PORT APP_URL SECRET
#                                                             write FOLDER/nginx.conf: RTMP on RTMP_LISTEN (host:port),
#                                                             the control endpoint on 127.0.0.1:CONTROL_PORT, callbacks
#                                                             to APP_URL (the node, on loopback) carrying SECRET
#   eng/live.sh start FOLDER                                  run that nginx in the foreground (exec; the caller records the PID)
#
# Everything (pid, logs, temp files) stays under FOLDER, so several ingest servers can run side by side.
set -euo pipefail

log() { printf '[live] %s\n' "$*" >&2; }
die() { printf '[live] error: %s\n' "$*" >&2; exit 1; }

MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so

cmd_install() {
  command -v nginx >/dev/null && [ -f "$MODULE" ] && ldconfig -p | grep -q 'libsrt-gnutls.so.1.5 ' && return 0
  log "installing nginx and its RTMP module (Debian's nginx-light, libnginx-mod-rtmp) and libsrt (libsrt1.5-gnutls)"
  "$(dirname "${BASH_SOURCE[0]}")/cluster.sh" apt nginx-light libnginx-mod-rtmp libsrt1.5-gnutls
}

cmd_conf() {
  local folder="$1" listen="$2" control="$3" app="${4%/}" secret="$5"
  [[ "$secret" =~ ^[A-Za-z0-9._~-]+$ ]] || die "conf: the secret must be URL-safe (letters, digits, . _ ~ -)"
  mkdir -p "$folder/logs" "$folder/temp"
  folder="$(cd "$folder" && pwd)"
  umask 077
  cat >"$folder/nginx.conf" <<CONF
load_module $MODULE;
worker_processes 1;
daemon off;
pid $folder/nginx.pid;
error_log $folder/logs/error.log info;
events { worker_connections 1024; }
rtmp {
  server {
    listen $listen;
    chunk_size 4096;
    notify_method post;
    application live {
      live on;
      record off;
      # Players are the nodes' own ffmpeg, on loopback; nobody else reads the ingest.
      allow play 127.0.0.1;
      deny play all;
      # A node's ffmpeg starts reading at a keyframe, video first: its probe (one second) then finds the video whatever
      # the publisher's keyframe interval (OBS sends one every 2 s), and the ladder's first segment starts clean.
      wait_key on;
      wait_video on;
      # Players leave when the publisher does, so a node's ffmpeg sees the end of the input at once.
      idle_streams off;
      # A publisher that sends nothing for this long is dropped.
      drop_idle_publisher 20s;
      # The service answers a publish with a redirect to the stream's own name: the key goes no further than this call.
      notify_relay_redirect off;
      on_publish $app/live/rtmp/on-publish?secret=$secret;
      on_publish_done $app/live/rtmp/on-publish-done?secret=$secret;
      # The node is asked every few seconds whether it is still there; when it is not, its clients are dropped (strict:
      # a refused connection counts), so a publisher reconnects through the balancer to a node that is.
      on_update $app/live/rtmp/on-update?secret=$secret;
      notify_update_timeout 5s;
      notify_update_strict on;
    }
  }
}
http {
  access_log off;
  client_body_temp_path $folder/temp/body;
  proxy_temp_path $folder/temp/proxy;
  fastcgi_temp_path $folder/temp/fastcgi;
  uwsgi_temp_path $folder/temp/uwsgi;
  scgi_temp_path $folder/temp/scgi;
  server {
    listen 127.0.0.1:$control;
    location /control { rtmp_control all; }
  }
}
CONF
}

main() {
  case "${1:-}" in
    install) cmd_install ;;
    conf) shift; [ "$#" -eq 5 ] || die "usage: eng/live.sh conf FOLDER RTMP_LISTEN CONTROL_PORT APP_URL SECRET"; cmd_conf "$@" ;;
    start) [ -f "${2:-}/nginx.conf" ] || die "usage: eng/live.sh start FOLDER (after conf)"; exec nginx -p "$(cd "$2" && pwd)" -c "$(cd "$2" && pwd)/nginx.conf" ;;
    *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
