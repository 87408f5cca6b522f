#!/usr/bin/env bash
# A node of docker-compose.yml: its live ingest server (eng/live.sh: nginx with its RTMP module) beside it, calling it
# back on loopback, then the app in the foreground. The balancer sends RTMP to any node's ingest server on 1935.
set -euo pipefail
secret="${VideoPipeline__Live__CallbackSecret:?set LIVE_CALLBACK_SECRET in .env}"
bash /app/eng/live.sh conf /app/.local/live 0.0.0.0:1935 1936 http://127.0.0.1:8080 "$secret"
bash /app/eng/live.sh start /app/.local/live &
exec dotnet VideoPipeline.dll
