CREATE TABLE "bench_levels" (
	"run_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"load" double precision NOT NULL,
	"label" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"stop_reason" text NOT NULL,
	"summary" jsonb NOT NULL,
	"records" "bytea",
	CONSTRAINT "bench_levels_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
CREATE TABLE "bench_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"target" text NOT NULL,
	"model" text,
	"config" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb,
	"capacity" jsonb,
	"capacity_rps" double precision,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "bench_levels" ADD CONSTRAINT "bench_levels_run_id_bench_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "bench_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bench_runs_started_idx" ON "bench_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "bench_runs_target_model_idx" ON "bench_runs" USING btree ("target","model");