/**
 * Module boundaries, checked in `npm test` (test/unit/dependency-rules.test.ts):
 * - a module reaches another module only through that module's index.ts (its public port);
 * - platform/ is the shared kernel and knows no module.
 * Paths are relative to the directory the check runs in (apps/server, or a fixture tree in tests).
 */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      severity: 'error',
      comment: "Import another module only through its index.ts; its services, repository and tables are its own.",
      from: { path: '(^|/)src/modules/([^/]+)/' },
      to: { path: '(^|/)src/modules/([^/]+)/', pathNot: ['(^|/)src/modules/$2/', '(^|/)src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment: 'platform/ is shared by every module and must not depend on any of them.',
      from: { path: '(^|/)src/platform/' },
      to: { path: '(^|/)src/modules/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
