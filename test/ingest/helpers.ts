/** Shared paths and loaders for ingest tests: they run on the real corpus and fixture files. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Heading, ParsedDocument } from "../../src/core/types.js";
import { loadFile } from "../../src/ingest/load-file.js";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
export const CORPUS = join(ROOT, "corpus");
export const FIXTURES = join(ROOT, "test", "fixtures");

export const SEED_REL = "reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt";
export const RULE_REL = "policy-rules/示例-深圳市中小企业数字化转型扶持计划操作规程.txt";

export async function loadCorpusDoc(rel: string): Promise<ParsedDocument> {
  return (await loadFile(join(CORPUS, rel), rel)).doc;
}

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function labels(path: Heading[]): string[] {
  return path.map((h) => h.label);
}
