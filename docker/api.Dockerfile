# Retailos api. Build from the repository root: docker build -f docker/api.Dockerfile -t retailos-api .
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# dev dependencies stay: the apps run from TypeScript through @swc-node/register
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps/api ./apps/api
USER node
ENV PORT=4000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# run migrations separately first: docker run --rm retailos-api node tools/dev/run.mjs tools/db/migrate.ts up
CMD ["node", "tools/dev/run.mjs", "apps/api/src/main.ts"]
