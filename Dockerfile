# One image for both apps: `node dist/apps/api/src/main.js` or `node dist/apps/worker/src/main.js`.
# Node 24 LTS (Node 20 reached end of life on 2026-04-30).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["sh", "-c", "node dist/apps/cli/src/migrate.js && node dist/apps/api/src/main.js"]
