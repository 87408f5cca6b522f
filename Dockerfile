# syntax=docker/dockerfile:1
# VideoPipeline image: built with the .NET SDK (plus Node for the dashboard), run on the ASP.NET
# runtime with ffmpeg. Build: docker build -t videopipeline .   (or: docker compose up --build)

# Only lends its Node 20 binaries to the build stage, to build dashboard/.
FROM node:20-bookworm-slim AS node

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
# One copy of the whole context (.dockerignore keeps build outputs and .local/ out); the cache
# mounts below keep NuGet and npm downloads between builds instead of per-project COPY layers.
COPY . .
# eng/publish.sh builds the dashboard into src/VideoPipeline/wwwroot, which the publish carries along; CI runs the same
# script outside Docker from empty package caches.
RUN --mount=type=cache,id=videopipeline-npm,target=/root/.npm \
    --mount=type=cache,id=videopipeline-nuget,target=/root/.nuget/packages \
    bash eng/publish.sh /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# ffmpeg/ffprobe do the transcoding; curl serves the HEALTHCHECK; nginx with its RTMP module is the node's live ingest server.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg curl nginx-light libnginx-mod-rtmp \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY --from=build /src/eng/live.sh /src/eng/docker/app-entrypoint.sh /app/eng/
# Writable folders for the non-root user: the rolling log file (logs/) and the embedded store
# (.local/storage) when VideoPipeline__Storage__Backend=FileSystem.
RUN mkdir -p /app/logs /app/.local \
 && chown "$APP_UID" /app/logs /app/.local
# APP_UID: the non-root "app" user that the .NET images provide.
USER $APP_UID
# ASPNETCORE_HTTP_PORTS (set by the base image) is cleared so that ASPNETCORE_URLS alone decides.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
EXPOSE 1935 9710/udp
ENTRYPOINT ["bash", "/app/eng/app-entrypoint.sh"]
