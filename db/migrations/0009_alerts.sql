CREATE TABLE "alert_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"receiver" text NOT NULL,
	"status" text NOT NULL,
	"rule" text NOT NULL,
	"fingerprint" text NOT NULL,
	"alert" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"delivered_at" bigint,
	"failed_at" bigint,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"rule" text NOT NULL,
	"fingerprint" text NOT NULL,
	"labels" jsonb NOT NULL,
	"annotations" jsonb NOT NULL,
	"state" text NOT NULL,
	"value" double precision NOT NULL,
	"active_at" bigint NOT NULL,
	"fired_at" bigint,
	"resolved_at" bigint,
	"keep_firing_since" bigint,
	"last_notified_at" bigint,
	CONSTRAINT "alerts_rule_fingerprint_pk" PRIMARY KEY("rule","fingerprint")
);
--> statement-breakpoint
CREATE TABLE "rule_group_evals" (
	"group" text PRIMARY KEY NOT NULL,
	"last_eval_at" bigint NOT NULL,
	"duration_ms" integer NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "alert_notifications_due_idx" ON "alert_notifications" USING btree ("next_attempt_at") WHERE delivered_at IS NULL AND failed_at IS NULL;