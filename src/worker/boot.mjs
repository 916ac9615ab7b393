// Worker threads start without the TypeScript loader the service runs under (tsx), under vitest
// as under `tsx src/main.ts`: this plain-JavaScript entry registers tsx, then imports the
// TypeScript entry named in workerData.entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
