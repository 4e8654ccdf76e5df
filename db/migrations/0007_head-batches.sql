CREATE TABLE "tsdb_head_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"min_t" bigint NOT NULL,
	"max_t" bigint NOT NULL,
	"sid_min" integer NOT NULL,
	"sid_max" integer NOT NULL,
	"n" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tsdb_head_batches_max_t_idx" ON "tsdb_head_batches" USING btree ("max_t");--> statement-breakpoint
-- Rows are compressed already: no TOAST compression, and rows up to a page stay inline.
ALTER TABLE "tsdb_head_batches" ALTER COLUMN "data" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "tsdb_head_batches" SET (toast_tuple_target = 8160);
--> statement-breakpoint
-- Samples of the old one-row-per-sample head become batches of format version 2 (see
-- lib/tsdb/head-batch.ts): up to 1,000 consecutive series ids by 15 minutes each, records sorted
-- by (series id, time).
INSERT INTO "tsdb_head_batches" ("min_t", "max_t", "sid_min", "sid_max", "n", "data")
SELECT min(t), max(t), min(series_id), max(series_id), count(*)::int,
  '\x02'::bytea || int4send(count(*)::int) || string_agg(
    int4send(series_id) || int8send(t) || float8send(coalesce(v, 'NaN'::float8))
      || CASE WHEN v IS NULL THEN '\x01'::bytea ELSE '\x00'::bytea END,
    ''::bytea ORDER BY series_id, t)
FROM "tsdb_head"
GROUP BY series_id / 1000, floor(t / 900000.0)
ORDER BY floor(t / 900000.0), series_id / 1000;
--> statement-breakpoint
DROP TABLE "tsdb_head" CASCADE;
