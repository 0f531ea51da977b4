// Entry of the spreadsheet parsing worker. The server runs TypeScript through tsx, and a worker
// thread does not inherit the parent's module loader hooks (nor does a worker started under the
// test runner), so the worker registers tsx itself and then loads the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
