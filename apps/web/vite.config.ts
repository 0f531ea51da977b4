import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The console is served by the platform itself (apps/web/dist at /), so the API is same-origin.
 * In development Vite proxies /api to a local server: HUITONG_API=http://127.0.0.1:18081 npm run dev.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.HUITONG_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // @huitong/contracts also holds the TypeBox schemas the server validates with; the console
      // uses only its code lists and checkers, so schema construction is marked pure and dropped.
      treeshake: { manualPureFunctions: ['Type', 'StringEnum', 'PageOf', 'codeList'] },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
});
