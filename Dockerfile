# Build stage: install everything, generate the Prisma client, compile to dist/.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts schema.graphql ./
COPY prisma ./prisma
COPY scripts/build-playground.mjs ./scripts/
COPY playground ./playground
COPY examples/operations ./examples/operations
# postinstall generates the Prisma client and builds the offline playground.
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code, production dependencies, migrations and seed.
FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-playground ./dist-playground
COPY package.json ./
COPY prisma ./prisma
COPY seed ./seed
USER node
EXPOSE 4000
# Answers on PORT (4000 unless set), whatever runs the image.
HEALTHCHECK --interval=10s --timeout=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
