CREATE TABLE "activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"person" text NOT NULL,
	"person_name" text NOT NULL,
	"action" text NOT NULL,
	"batch_id" text,
	"status" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_opens" (
	"workspace" text NOT NULL,
	"batch_id" text NOT NULL,
	"person" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batch_opens_workspace_person_batch_id_pk" PRIMARY KEY("workspace","person","batch_id")
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"workspace" text NOT NULL,
	"batch_id" text NOT NULL,
	"label" text,
	"hidden" boolean DEFAULT false NOT NULL,
	"status" text,
	"progress" jsonb,
	"finished" boolean DEFAULT false NOT NULL,
	"status_seen_at" timestamp with time zone,
	"added_by" text NOT NULL,
	"added_by_name" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_workspace_batch_id_pk" PRIMARY KEY("workspace","batch_id")
);
--> statement-breakpoint
CREATE INDEX "activity_workspace_at" ON "activity" USING btree ("workspace","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activity_workspace_batch_at" ON "activity" USING btree ("workspace","batch_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activity_at" ON "activity" USING btree ("at");--> statement-breakpoint
CREATE INDEX "batch_opens_person_recent" ON "batch_opens" USING btree ("workspace","person","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "batches_workspace_activity" ON "batches" USING btree ("workspace","last_activity_at" DESC NULLS LAST);