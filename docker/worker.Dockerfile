# Retailos worker. Build from the repository root: docker build -f docker/worker.Dockerfile -t retailos-worker .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# dev dependencies stay: the apps run from TypeScript through @swc-node/register
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps/worker ./apps/worker
USER node
CMD ["node", "tools/dev/run.mjs", "apps/worker/src/main.ts"]
