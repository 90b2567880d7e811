CREATE TABLE "batch_starts" (
	"workspace" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_batch_id" text,
	"run_id" text,
	"run_part" integer,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"scheduled_at" timestamp with time zone,
	"rows_sent" integer NOT NULL,
	"state" text NOT NULL,
	"batch_id" text,
	"answer" jsonb,
	"person" text NOT NULL,
	"person_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "batch_starts_workspace_idempotency_key_pk" PRIMARY KEY("workspace","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "do_not_call" (
	"workspace" text NOT NULL,
	"number" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"added_by" text NOT NULL,
	"added_by_name" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "do_not_call_workspace_number_pk" PRIMARY KEY("workspace","number")
);
--> statement-breakpoint
CREATE TABLE "follow_up_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"follow_up_id" bigint NOT NULL,
	"workspace" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"person" text NOT NULL,
	"person_name" text NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace" text NOT NULL,
	"batch_id" text NOT NULL,
	"job_id" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"outcome" text,
	"assignee" text,
	"due_on" date,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"closing_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_by_name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "people" (
	"workspace" text NOT NULL,
	"person" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_workspace_person_pk" PRIMARY KEY("workspace","person")
);
--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "origin" jsonb;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "parent_batch_id" text;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "cancelled_by_name" text;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "batches" ADD COLUMN "cancel_counts" jsonb;--> statement-breakpoint
ALTER TABLE "follow_up_history" ADD CONSTRAINT "follow_up_history_follow_up_id_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."follow_ups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_starts_workspace_created" ON "batch_starts" USING btree ("workspace","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "batch_starts_workspace_parent" ON "batch_starts" USING btree ("workspace","parent_batch_id");--> statement-breakpoint
CREATE INDEX "batch_starts_workspace_run" ON "batch_starts" USING btree ("workspace","run_id");--> statement-breakpoint
CREATE INDEX "do_not_call_workspace_added" ON "do_not_call" USING btree ("workspace","added_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "follow_up_history_item" ON "follow_up_history" USING btree ("follow_up_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_ups_one_open_per_call" ON "follow_ups" USING btree ("workspace","batch_id","job_id") WHERE "follow_ups"."state" <> 'done';--> statement-breakpoint
CREATE INDEX "follow_ups_queue" ON "follow_ups" USING btree ("workspace","state","assignee","due_on","id");--> statement-breakpoint
CREATE INDEX "follow_ups_workspace_due" ON "follow_ups" USING btree ("workspace","due_on","id");--> statement-breakpoint
CREATE INDEX "follow_ups_workspace_batch" ON "follow_ups" USING btree ("workspace","batch_id","job_id");--> statement-breakpoint
CREATE INDEX "follow_ups_done_at" ON "follow_ups" USING btree ("done_at");--> statement-breakpoint
CREATE INDEX "batches_workspace_parent" ON "batches" USING btree ("workspace","parent_batch_id");