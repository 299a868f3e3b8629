import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    target: "es2022",
    // The engine's .wasm is ~2.4 MB; it is one file on purpose (streamed and compiled while it loads).
    chunkSizeWarningLimit: 3000,
    // Lists every emitted file, so the service worker can keep the whole app for offline use.
    manifest: true,
  },
  worker: { format: "es" },
  // Keep the package as it ships: its worker and .wasm are found relative to its own files.
  optimizeDeps: { exclude: ["namidb-wasm"] },
  server: { fs: { allow: ["../.."] } },
});
