/** Temporary corpora and data directories built from the real sample documents. */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];

/** A fresh temporary directory, removed after the test. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `gxj-${prefix}-`));
  made.push(dir);
  return dir;
}

/** A copy of the sample corpus in a temporary directory. */
export async function sampleCorpusCopy(): Promise<string> {
  const dir = await tempDir("corpus");
  await cp(path.resolve("corpus"), dir, { recursive: true });
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
