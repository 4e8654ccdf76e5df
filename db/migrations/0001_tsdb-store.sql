CREATE TABLE "tsdb_chunks" (
	"min_t" bigint NOT NULL,
	"max_t" bigint NOT NULL,
	"series_id" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "tsdb_chunks_pkey" PRIMARY KEY("series_id","min_t")
);
--> statement-breakpoint
CREATE TABLE "tsdb_head" (
	"t" bigint NOT NULL,
	"v" double precision,
	"series_id" integer NOT NULL,
	CONSTRAINT "tsdb_head_pkey" PRIMARY KEY("series_id","t")
);
--> statement-breakpoint
CREATE TABLE "tsdb_metadata" (
	"metric" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"help" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tsdb_postings" (
	"name" text NOT NULL,
	"value" text NOT NULL,
	"series_id" integer NOT NULL,
	CONSTRAINT "tsdb_postings_pkey" PRIMARY KEY("name","value","series_id")
);
--> statement-breakpoint
CREATE TABLE "tsdb_rollup_chunks" (
	"min_t" bigint NOT NULL,
	"max_t" bigint NOT NULL,
	"series_id" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "tsdb_rollup_chunks_pkey" PRIMARY KEY("series_id","min_t")
);
--> statement-breakpoint
CREATE TABLE "tsdb_series" (
	"id" serial PRIMARY KEY NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"labels" jsonb NOT NULL,
	CONSTRAINT "tsdb_series_key_hash_key" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "tsdb_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tsdb_head" ADD CONSTRAINT "tsdb_head_series_id_tsdb_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "tsdb_series"("id") ON DELETE no action ON UPDATE no action;