import type { NextConfig } from "next";

// Packages that must stay plain Node modules: PGlite loads its WASM and data files from disk,
// pg and prom-client rely on Node built-ins.
const nextConfig: NextConfig = {
  // tsx compiles the model engine's child process; node-llama-cpp loads native binaries.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "prom-client", "yaml", "tsx", "esbuild", "node-llama-cpp"],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tests and scripts included) as its own step.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
