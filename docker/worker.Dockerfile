# Retailos worker. Build from the repository root: docker build -f docker/worker.Dockerfile -t retailos-worker .

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY tools/build ./tools/build
COPY libs ./libs
COPY apps/worker ./apps/worker
# What the `worker:build` Nx target runs (npm run build).
RUN node tools/build/build.mjs worker

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/apps/worker ./dist/apps/worker
USER node
# The worker has no HTTP api; its metrics server answers /health/live (needs METRICS_ENABLED, the default).
ENV WORKER_METRICS_PORT=4001
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_METRICS_PORT||4001)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/apps/worker/main.js"]
