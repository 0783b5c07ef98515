# One image for every Lifeboat service; docker-compose.yml picks the command:
#   portal  node --import tsx packages/launcher/src/cli.ts portal   (migrate + bootstrap + apps/web/server.ts)
#   engine  node --import tsx packages/launcher/src/cli.ts engine   (create its database + engine)
#   agent   node --import tsx packages/launcher/src/cli.ts agent    (register "local" + agent)
FROM node:20-bookworm-slim

# restic moves the backup data (agent); the PostgreSQL client is what operators reach for.
RUN apt-get update \
 && apt-get install -y --no-install-recommends restic postgresql-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# The repository pins npm 11 (packageManager): its allowScripts list is what keeps the
# @prisma/engines download script from running.
RUN npm install -g npm@11.19.1

WORKDIR /app
# No phoning home during the build or at run time.
ENV TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY . .
# Dependencies, generated Prisma clients (postinstall), the portal build and the agent package.
RUN npm ci --no-audit --no-fund && npx turbo run build

ENV NODE_ENV=production \
    LIFEBOAT_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000 4000
CMD ["node", "--import", "tsx", "packages/launcher/src/cli.ts", "portal"]
