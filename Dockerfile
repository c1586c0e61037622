# DojoPool game server image: one process serving Colyseus (WebSocket), the REST API under /api and the
# built client at /, on PORT (default 2567). The server runs its TypeScript through tsx, as in development.
#   docker build -t dojopool .
#   docker run -p 2567:2567 -v dojopool-data:/data dojopool        # embedded database (PGlite) in /data
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused when only sources change.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY loadtest/package.json loadtest/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared shared
COPY client client
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=2567 \
    DATA_DIR=/data \
    npm_config_update_notifier=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY loadtest/package.json loadtest/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json ./
COPY shared shared
COPY migrations migrations
COPY server server
COPY --from=build /app/client/dist client/dist
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /app/server
EXPOSE 2567
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||2567)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node itself is PID 1's child-free process here, so SIGTERM from `docker stop` reaches the server's handler.
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/main.ts"]
