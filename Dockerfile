# syntax=docker/dockerfile:1
#
# hookflow image: one image, two processes.
#   API:    node dist/server.js   (the default CMD)
#   worker: node dist/worker.js   (docker-compose.yml overrides the command)
# Both run the database migrations at start-up, so there is no separate migrate step.
#
# Stages: deps (all dependencies) -> build (tsc + pre-built workflow bundle + portal)
#         prod-deps (runtime dependencies only) -> runtime (prod-deps + dist, non-root).

# Node 24 LTS on Debian bookworm. A glibc base (not Alpine) because the Temporal worker's
# native core-bridge ships glibc binaries. The patch version is pinned for reproducible
# builds; bump it deliberately (--build-arg NODE_IMAGE=... to try another).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# ---------------------------------------------------------------------------------------
FROM base AS deps
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: nothing the build needs has a required install script (esbuild and
# @swc/core load their platform binaries from optional dependencies). It also keeps the
# `node` devDependency (a Node binary for local development, installed by its preinstall
# script) from downloading a second Node: the image's own node is the one we run.
# Removing its dangling .bin shim makes sure `npm run` can never resolve `node` to it.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts \
 && rm -f node_modules/.bin/node

# ---------------------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# The customer portal (Vite) calls the API through the typed client's source.
COPY portal ./portal
COPY clients/typescript/src ./clients/typescript/src
# tsc -> dist/, then dist/workflow-bundle.js and its traced twin (loaded when tracing is on)
# so the worker never runs webpack at start-up,
# then the portal's static files -> dist/portal/ (served under /portal/).
RUN npm run build

# ---------------------------------------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc ./
# Runtime dependencies only. Install scripts are skipped: the only one among runtime
# dependencies that matters is embedded-postgres (local development without DATABASE_URL),
# which is never used in this image because DATABASE_URL is always set.
# @temporalio/core-bridge ships prebuilt native libraries for macOS and Windows too;
# only the Linux ones can ever load here, so the rest (~80 MB) are dropped.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
 && if [ -d node_modules/@temporalio/core-bridge/releases ]; then \
      find node_modules/@temporalio/core-bridge/releases -mindepth 1 -maxdepth 1 \
        ! -name '*-linux-*' -exec rm -rf {} +; \
    fi

# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js

# Application files stay owned by root (read-only to the process); the process itself
# runs as the unprivileged `node` user (uid 1000) that the official image provides.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

USER node
EXPOSE 3000

# Exec form: node is PID 1 (or a child of compose's `init: true`) and receives SIGTERM
# directly, so the API and the worker can drain before exiting.
CMD ["node", "dist/server.js"]
