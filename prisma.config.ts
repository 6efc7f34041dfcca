import { defineConfig } from "prisma/config";

// Prisma 7 reads no .env; an unset DATABASE_URL must not throw here (the embedded database is chosen at run time).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
