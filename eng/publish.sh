#!/usr/bin/env bash
# The build stage of the Dockerfile, and CI's check of it outside Docker: builds the dashboard into the host's wwwroot
# (npm ci, vite) and publishes the host, with it, into OUT.
#
#   eng/publish.sh OUT
set -euo pipefail
out="${1:?usage: eng/publish.sh OUT}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f dashboard/package.json ]; then
  (cd dashboard && npm ci --no-audit --no-fund && npm run build)
fi
dotnet publish src/VideoPipeline -c Release -o "$out" -p:UseAppHost=false -nologo
