import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Two pages built straight into the host's wwwroot (git-ignored): the dashboard at "/" and the embeddable player,
// which the host serves at /embed/{id}.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../src/VideoPipeline/wwwroot",
    emptyOutDir: true,
    rollupOptions: { input: { dashboard: "index.html", embed: "embed.html" } },
    // hls.js alone is about 400 kB minified; the player page is one chunk on purpose (one request, cached).
    chunkSizeWarningLimit: 700,
  },
});
