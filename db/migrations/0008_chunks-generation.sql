-- Chunk caches (lib/tsdb/chunk-cache.ts) learn of every change to tsdb_chunks through this
-- counter: each statement that writes the table bumps it in the writer's own transaction, so
-- a reader that sees an unchanged value knows no chunk write has committed since.
INSERT INTO "tsdb_state" ("key", "value") VALUES ('chunks_generation', 1) ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "tsdb_chunks_bump_generation"() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO tsdb_state (key, value) VALUES ('chunks_generation', 1)
    ON CONFLICT (key) DO UPDATE SET value = tsdb_state.value + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tsdb_chunks_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tsdb_chunks"
FOR EACH STATEMENT EXECUTE FUNCTION "tsdb_chunks_bump_generation"();
