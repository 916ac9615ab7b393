import { describe, expect, it } from "vitest";
import { contentChanged, detectChanges, nothingChanged, restamped } from "../../src/index/changes.js";
import type { CorpusFile } from "../../src/corpus/list-files.js";
import type { FileRecord } from "../../src/index/manifest.js";

function listed(relPath: string, size: number, mtimeMs: number): CorpusFile {
  return { relPath, absPath: `/corpus/${relPath}`, size, mtimeMs };
}

function record(relPath: string, size: number, mtimeMs: number, contentHash = `hash-of-${relPath}`): FileRecord {
  return { relPath, contentHash, size, mtimeMs, docId: relPath, chunks: 1, segment: "base", at: [0, 10] };
}

describe("detecting changes of the corpus", () => {
  it("when there is no previous index, then every listed file is new and nothing is removed", () => {
    const files = [listed("a.txt", 10, 1), listed("b.txt", 20, 2)];
    const changes = detectChanges([], files);
    expect(changes.files).toEqual([
      { kind: "new", file: files[0] },
      { kind: "new", file: files[1] },
    ]);
    expect(changes.removed).toEqual([]);
    expect(nothingChanged(changes)).toBe(false);
  });

  it("when size and modification time are as recorded, then the file is unchanged with its previous record", () => {
    const previous = [record("a.txt", 10, 1)];
    const changes = detectChanges(previous, [listed("a.txt", 10, 1)]);
    expect(changes.files).toEqual([{ kind: "unchanged", file: listed("a.txt", 10, 1), previous: previous[0] }]);
    expect(nothingChanged(changes)).toBe(true);
  });

  it("when the size or the modification time differs, then the file is touched, to be compared by content", () => {
    const previous = [record("a.txt", 10, 1), record("b.txt", 20, 2)];
    const changes = detectChanges(previous, [listed("a.txt", 11, 1), listed("b.txt", 20, 3)]);
    expect(changes.files.map((f) => f.kind)).toEqual(["touched", "touched"]);
    expect(changes.files.map((f) => (f.kind === "new" ? undefined : f.previous))).toEqual(previous);
    expect(nothingChanged(changes)).toBe(false);
  });

  it("when a recorded file is no longer listed, then it is removed", () => {
    const previous = [record("a.txt", 10, 1), record("gone.txt", 5, 1)];
    const changes = detectChanges(previous, [listed("a.txt", 10, 1)]);
    expect(changes.files.map((f) => f.kind)).toEqual(["unchanged"]);
    expect(changes.removed).toEqual([previous[1]]);
    expect(nothingChanged(changes)).toBe(false);
  });

  it("when files are new, unchanged, touched and removed at once, then each is classified, in listing order", () => {
    const previous = [record("old.txt", 1, 1), record("same.txt", 2, 2), record("edited.txt", 3, 3)];
    const files = [listed("same.txt", 2, 2), listed("added.txt", 4, 4), listed("edited.txt", 3, 9)];
    const changes = detectChanges(previous, files);
    expect(changes.files.map((f) => [f.file.relPath, f.kind])).toEqual([
      ["same.txt", "unchanged"],
      ["added.txt", "new"],
      ["edited.txt", "touched"],
    ]);
    expect(changes.removed.map((r) => r.relPath)).toEqual(["old.txt"]);
  });

  it("when the corpus is empty, then every previous file is removed", () => {
    const previous = [record("a.txt", 10, 1)];
    expect(detectChanges(previous, [])).toEqual({ files: [], removed: previous });
  });
});

describe("deciding a touched file by its content", () => {
  it("when the content hash is the recorded one, then the content did not change", () => {
    const previous = record("a.txt", 10, 1, "abc");
    expect(contentChanged(previous, "abc")).toBe(false);
    expect(contentChanged(previous, "abd")).toBe(true);
  });

  it("when the content is the same, then the previous record is kept with the new size and time", () => {
    const previous = record("a.txt", 10, 1, "abc");
    expect(restamped(previous, listed("a.txt", 12, 7))).toEqual({ ...previous, size: 12, mtimeMs: 7 });
    expect(previous).toEqual(record("a.txt", 10, 1, "abc"));
  });
});
