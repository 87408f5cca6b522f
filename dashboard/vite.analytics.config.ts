import { defineConfig } from "vite";

// The integrator's analytics script, built alone as one classic script next to the pages (wwwroot/player-analytics.js),
// after the pages' build (which empties wwwroot).
export default defineConfig({
  build: {
    outDir: "../src/VideoPipeline/wwwroot",
    emptyOutDir: false,
    lib: { entry: "src/analytics/standalone.ts", name: "VideoPipelineAnalyticsScript", formats: ["iife"], fileName: () => "player-analytics.js" },
  },
});
