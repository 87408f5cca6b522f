import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built straight into the host's wwwroot (git-ignored), which serves it at "/".
export default defineConfig({
  plugins: [react()],
  build: { outDir: "../src/VideoPipeline/wwwroot", emptyOutDir: true },
});
