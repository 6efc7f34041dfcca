-- CreateTable
CREATE TABLE "report_defaults" (
    "project_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "user_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_defaults_pkey" PRIMARY KEY ("project_id","kind")
);

-- AddForeignKey
ALTER TABLE "report_defaults" ADD CONSTRAINT "report_defaults_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_defaults" ADD CONSTRAINT "report_defaults_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
