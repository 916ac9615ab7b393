import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSupportedFile } from "../../src/ingest/extract.js";
import { listCorpusFiles } from "../../src/corpus/list-files.js";
import { loadFile } from "../../src/ingest/load-file.js";
import { IngestError } from "../../src/ingest/errors.js";
import { CORPUS, RULE_REL, SEED_REL } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "ingest-list-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("listCorpusFiles", () => {
  it("lists the corpus recursively, sorted, with forward slashes, without .gitkeep", async () => {
    const files = await listCorpusFiles(CORPUS);
    expect(files.map((f) => f.relPath)).toEqual([RULE_REL, SEED_REL]);
    expect(files[1].size).toBe(17576);
    expect(files[1].mtimeMs).toBeGreaterThan(0);
  });

  it("skips dotfiles and node_modules but keeps unsupported types for reporting", async () => {
    mkdirSync(join(tmp, "b", "node_modules"), { recursive: true });
    mkdirSync(join(tmp, ".hidden"));
    writeFileSync(join(tmp, "b", "z.txt"), "正文");
    writeFileSync(join(tmp, "b", "node_modules", "x.txt"), "x");
    writeFileSync(join(tmp, ".hidden", "y.txt"), "y");
    writeFileSync(join(tmp, ".gitkeep"), "");
    writeFileSync(join(tmp, "a.xlsx"), "x");
    const files = await listCorpusFiles(tmp);
    expect(files.map((f) => f.relPath)).toEqual(["a.xlsx", "b/z.txt"]);
    expect(files.map((f) => isSupportedFile(f.relPath))).toEqual([false, true]);
  });
});

describe("loadFile", () => {
  it("returns the parsed document and the sha256 of the bytes", async () => {
    const { doc, contentHash } = await loadFile(join(CORPUS, SEED_REL), SEED_REL);
    expect(doc.docId).toBe(SEED_REL);
    expect(contentHash).toBe(
      createHash("sha256")
        .update(readFileSync(join(CORPUS, SEED_REL)))
        .digest("hex"),
    );
    expect(doc.meta.kind).toBe("reply_letter");
  });

  it("throws IngestError for a missing file", async () => {
    await expect(loadFile(join(tmp, "missing.txt"), "missing.txt")).rejects.toBeInstanceOf(IngestError);
  });
});
