import { describe, expect, it } from "vitest";
import type { Chunk, ParsedDocument } from "../../src/core/types.js";
import { indexMaps } from "../../src/retrieve/search-index.js";

function corpus(chunksPerDoc: number, docs: number) {
  const documents = Array.from({ length: docs }, (_, d) => ({ docId: `d${d}.txt` }) as ParsedDocument);
  const chunks = documents.flatMap((doc) =>
    Array.from({ length: chunksPerDoc }, (_, i) => ({ id: `${doc.docId}#${i}`, docId: doc.docId }) as Chunk),
  );
  return { documents, chunks };
}

describe("indexMaps", () => {
  it("maps every document and chunk, each document's chunks in order", async () => {
    const data = corpus(9_000, 3);
    const maps = await indexMaps(data);
    expect(maps.documents.size).toBe(3);
    expect(maps.chunks.size).toBe(27_000);
    expect(maps.chunks.get("d1.txt#42")).toBe(data.chunks[9_042]);
    expect(maps.chunkIdsByDoc.get("d2.txt")).toEqual(data.chunks.slice(18_000).map((c) => c.id));
  });

  it("lets the event loop turn while it maps a large index", async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    await indexMaps(corpus(10_000, 5));
    counting = false;
    // 50,000 chunks are mapped in several slices, with other work (an HTTP request) between them.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});
