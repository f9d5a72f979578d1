# Retailos api (and its migration CLI). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t retailos-api .
# Migrate first, as its own step:  docker run --rm -e DATABASE_URL=... retailos-api node dist/apps/api/tools/db/migrate.js up

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY tools/build ./tools/build
COPY tools/db ./tools/db
COPY tools/cli ./tools/cli
COPY libs ./libs
COPY apps/api ./apps/api
# What the `api:build` Nx target runs (npm run build): SWC, only the files reachable from the entry points.
RUN node tools/build/build.mjs api

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/apps/api ./dist/apps/api
USER node
ENV PORT=4000 HOST=0.0.0.0
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]
