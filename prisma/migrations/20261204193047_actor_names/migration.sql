-- An actor's other names (aliases, short forms, transliterations), and a lookup by any of its
-- names, case aside, through one GIN index on an expression, the name and names lower-cased
-- (no stored column, so adding it rewrites no table): a lookup asks
-- `name_keys(array_prepend("name", "names")) && <keys sought>`.

-- How a name is compared: lower-cased by the database's own collation ("name" itself sorts by
-- "C", under which lower() changes ASCII letters only). Immutable as long as that collation's
-- case mapping is, as every text index on the database assumes.
CREATE FUNCTION name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(name COLLATE "default")
$$;

-- The distinct keys of names, sorted; NULLs left out. Its body names only pg_catalog's functions
-- (name_key's body, written out): an index build runs it with search_path = pg_catalog, pg_temp
-- (PostgreSQL 17 and later), where name_key would not be found.
CREATE FUNCTION name_keys(names text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT lower(n COLLATE "default") ORDER BY lower(n COLLATE "default")), '{}')
  FROM unnest(names) AS n WHERE n IS NOT NULL
$$;

-- AlterTable
ALTER TABLE "Actor" ADD COLUMN "names" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Prisma models a list as nullable; an actor without other names has an empty one.
ALTER TABLE "Actor" ADD CONSTRAINT "Actor_names_not_null" CHECK ("names" IS NOT NULL);

-- CreateIndex
CREATE INDEX "Actor_nameKeys_idx" ON "Actor" USING GIN (name_keys(array_prepend("name", "names")));
