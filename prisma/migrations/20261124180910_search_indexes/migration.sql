-- Full-text search (src/modules/search). Expression indexes rather than stored tsvector
-- columns: Prisma's migration diff ignores expression indexes but would drop columns it does
-- not model. Each expression must stay identical to the one in search.service.ts, or the
-- planner stops using the index.
CREATE INDEX "Statement_search_idx" ON "Statement" USING GIN (
  (setweight(to_tsvector('english', "text"), 'A') || setweight(to_tsvector('english', "exact"), 'B'))
);
CREATE INDEX "Event_search_idx" ON "Event" USING GIN (
  (setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B'))
);
CREATE INDEX "Actor_search_idx" ON "Actor" USING GIN (
  (setweight(to_tsvector('english', "name"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B'))
);
CREATE INDEX "Topic_search_idx" ON "Topic" USING GIN (
  (setweight(to_tsvector('english', "name"), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B'))
);
CREATE INDEX "Position_search_idx" ON "Position" USING GIN (
  (setweight(to_tsvector('english', "summary"), 'A'))
);
