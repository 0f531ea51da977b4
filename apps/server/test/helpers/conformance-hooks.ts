import { afterEach, beforeEach } from 'vitest';

/**
 * Which policy profiles each test ran under, for the conformance record (ADR 0005). The test
 * helpers call `notePolicy` whenever a profile is loaded (createTestApp, testPolicy); an app built in
 * `beforeAll` counts for every test of its file while it is open. The ids go into the test's
 * metadata, and test/helpers/conformance-reporter.ts writes them to the record.
 */
declare module '@vitest/runner' {
  interface TaskMeta {
    huitongPolicies?: string[];
  }
}

const open = new Map<object, string>();
let used = new Set<string>();

export function notePolicy(id: string, handle?: object): void {
  used.add(id);
  if (handle) open.set(handle, id);
}

export function releasePolicy(handle: object): void {
  open.delete(handle);
}

beforeEach(() => {
  used = new Set(open.values());
});

afterEach((context) => {
  context.task.meta.huitongPolicies = [...used].sort();
});
