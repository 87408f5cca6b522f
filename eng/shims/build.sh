#!/usr/bin/env bash
# Packs the restore shim into eng/shims/feed (idempotent). Run before the first restore; run.sh and test.sh do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$here/feed/Patched.DistributedLock.Core.1.0.11.nupkg" ]; then
  dotnet pack "$here/Patched.DistributedLock.Core.csproj" -c Release -o "$here/feed" \
    -p:BaseIntermediateOutputPath="$here/obj/" -p:BaseOutputPath="$here/bin/" --nologo -v quiet
fi
