-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'marketing', 'sales');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('pending', 'running', 'stored', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "people" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3),
    "signup_at" TIMESTAMPTZ(3),
    "plan" TEXT,
    "source" TEXT,
    "platform" TEXT,
    "country" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "upload_id" BIGINT,

    CONSTRAINT "people_pkey" PRIMARY KEY ("project_id","person_id")
);

-- CreateTable
CREATE TABLE "events" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3),
    "session_id" TEXT,
    "position" INTEGER,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "revenue" DECIMAL(14,2),
    "upload_id" BIGINT,

    CONSTRAINT "events_pkey" PRIMARY KEY ("project_id","person_id","id")
);

-- CreateTable
CREATE TABLE "campaign_sends" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "campaign_name" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "bounced_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3),
    "clicked_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),
    "upload_id" BIGINT,

    CONSTRAINT "campaign_sends_pkey" PRIMARY KEY ("project_id","person_id","id")
);

-- CreateTable
CREATE TABLE "spend" (
    "project_id" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "channel" TEXT NOT NULL,
    "campaign" TEXT,
    "platform" TEXT,
    "cost" DECIMAL(14,2) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "clicks" INTEGER,
    "impressions" INTEGER,
    "upload_id" BIGINT,

    CONSTRAINT "spend_pkey" PRIMARY KEY ("project_id","id")
);

-- CreateTable
CREATE TABLE "uploads" (
    "id" BIGSERIAL NOT NULL,
    "project_id" UUID NOT NULL,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "file_name" TEXT NOT NULL,
    "content_hash" TEXT,
    "kind" TEXT NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "status" "UploadStatus" NOT NULL DEFAULT 'pending',
    "error_report" JSONB,

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" UUID,
    "via" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE INDEX "people_project_id_signup_at_idx" ON "people"("project_id", "signup_at");

-- CreateIndex
CREATE INDEX "people_upload_id_idx" ON "people"("upload_id");

-- CreateIndex
CREATE INDEX "events_project_id_occurred_at_idx" ON "events"("project_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_project_id_name_occurred_at_idx" ON "events"("project_id", "name", "occurred_at");

-- CreateIndex
CREATE INDEX "events_project_id_person_id_occurred_at_idx" ON "events"("project_id", "person_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_upload_id_idx" ON "events"("upload_id");

-- CreateIndex
CREATE INDEX "campaign_sends_project_id_campaign_id_sent_at_idx" ON "campaign_sends"("project_id", "campaign_id", "sent_at");

-- CreateIndex
CREATE INDEX "campaign_sends_upload_id_idx" ON "campaign_sends"("upload_id");

-- CreateIndex
CREATE INDEX "spend_project_id_day_idx" ON "spend"("project_id", "day");

-- CreateIndex
CREATE INDEX "spend_upload_id_idx" ON "spend"("upload_id");

-- CreateIndex
CREATE INDEX "uploads_project_id_created_at_idx" ON "uploads"("project_id", "created_at");

-- CreateIndex
CREATE INDEX "uploads_project_id_content_hash_idx" ON "uploads"("project_id", "content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
