CREATE TABLE "scrape_target_status" (
	"key" text PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"url" text NOT NULL,
	"labels" jsonb NOT NULL,
	"source" text NOT NULL,
	"target_id" integer,
	"health" text NOT NULL,
	"interval_ms" integer NOT NULL,
	"timeout_ms" integer NOT NULL,
	"last_scrape_at" timestamp with time zone,
	"last_duration_ms" double precision,
	"last_samples" integer,
	"last_error" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrape_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"url" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"interval_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrape_targets_job_url_key" UNIQUE("job","url")
);
