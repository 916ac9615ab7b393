/**
 * Document and chunk records of a segment: one file in which each corpus file's records are a
 * gzip member of their own (its document line, then its chunk lines without their text), at a
 * byte range the manifest records. So an update reads or carries over one file's records without
 * decompressing any other's, and merging segments copies members as bytes, never recompressing.
 */
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import { constants, gunzip, gzip } from "node:zlib";
import type { Chunk, ParsedDocument } from "../core/types.js";
import { AppError } from "../core/errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Members compressed or decompressed at once: enough to keep libuv's threads busy, few enough to bound memory. */
const IN_FLIGHT = 16;

/** One file's records as stored. */
export interface FileRecords {
  document: ParsedDocument;
  chunks: Chunk[];
}

/** Where a file's member lies in its segment's records file: [byte offset, byte length]. */
export type MemberRange = [number, number];

/**
 * A chunk as stored: the whole record but its text, which is exactly its document's text at
 * [start, end) and is restored from it on load (the text is on disk once, not twice).
 */
function storedChunk(chunk: Chunk): Omit<Chunk, "text"> {
  const { text: _text, ...record } = chunk;
  return record;
}

/** A file's records as one gzip member. */
export function compressRecords({ document, chunks }: FileRecords): Promise<Buffer> {
  const lines = [JSON.stringify(document), ...chunks.map((c) => JSON.stringify(storedChunk(c)))];
  return gzipAsync(`${lines.join("\n")}\n`, { level: constants.Z_BEST_SPEED });
}

/** A file's records from its member; a member that does not decompress or parse is INDEX_CORRUPT. */
export async function decompressRecords(member: Uint8Array): Promise<FileRecords> {
  let text: string;
  try {
    text = (await gunzipAsync(member)).toString("utf8");
  } catch (err) {
    throw new AppError("INDEX_CORRUPT", `index records do not decompress: ${(err as Error).message}`);
  }
  const lines = text.split("\n");
  try {
    const document = JSON.parse(lines[0]) as ParsedDocument;
    const chunks = lines.slice(1, -1).map((line) => {
      const c = JSON.parse(line) as Omit<Chunk, "text">;
      return { ...c, text: document.text.slice(c.start, c.end) };
    });
    return { document, chunks };
  } catch (err) {
    throw new AppError("INDEX_CORRUPT", `index records do not parse: ${(err as Error).message}`);
  }
}

/** `f` over `items` with at most IN_FLIGHT calls pending; results in order. */
export async function mapInFlight<T, U>(items: readonly T[], f: (item: T, i: number) => Promise<U>): Promise<U[]> {
  const results = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, worker));
  return results;
}

/** The byte ranges of members written one after another from offset 0. */
export function rangesOf(members: readonly Uint8Array[]): MemberRange[] {
  let offset = 0;
  return members.map((m) => {
    const range: MemberRange = [offset, m.byteLength];
    offset += m.byteLength;
    return range;
  });
}

/** Reads members of one records file by their ranges, as bytes. */
export async function readMembers(file: string, ranges: readonly MemberRange[]): Promise<Buffer[]> {
  if (ranges.length === 0) return [];
  const handle = await open(file, "r");
  try {
    return await mapInFlight(ranges, async ([offset, length]) => {
      const bytes = Buffer.alloc(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      if (bytesRead !== length) throw new AppError("INDEX_CORRUPT", `${file} ends before byte ${offset + length}`);
      return bytes;
    });
  } finally {
    await handle.close();
  }
}
