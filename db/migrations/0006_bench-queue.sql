ALTER TABLE "bench_runs" ADD COLUMN "spec" jsonb;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "api_key_sealed" text;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "requested_by_id" text;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "requested_by" text;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "progress" jsonb;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bench_runs" ADD COLUMN "synthetic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "bench_runs_status_idx" ON "bench_runs" USING btree ("status");