import { defineConfig } from 'vitest/config';

/** Pure helpers only (no DOM): API error mapping, query keys, navigation, i18n completeness. */
export default defineConfig({
  test: {
    name: 'web',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
