/**
 * A Bm25Index on disk as two files, each read in one go: `<name>.json.gz` (parameters, entry ids,
 * terms; gzipped, as chunk ids repeat their file path) and `<name>.bin` (entry lengths, document
 * frequencies and list offsets as little-endian 32-bit integers, then the posting bytes).
 * Loading makes no object per entry or posting.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { constants, gunzip, gzip } from "node:zlib";
import { z } from "zod";
import { AppError } from "../core/errors.js";
import { Bm25Index } from "./bm25.js";

const HeaderSchema = z.object({
  params: z.object({ k1: z.number(), b: z.number() }),
  ids: z.array(z.string()),
  terms: z.array(z.string()),
});

/** The two files of an index as bytes, ready to be written. */
export async function bm25Files(index: Bm25Index): Promise<{ json: Uint8Array; bin: Uint8Array[] }> {
  const { params, ids, terms, lengths, df, offsets, postings } = index.stored;
  const bytesOf = (a: Int32Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const header = JSON.stringify({ params, ids, terms });
  return {
    json: await promisify(gzip)(header, { level: constants.Z_BEST_SPEED }),
    bin: [bytesOf(lengths), bytesOf(df), bytesOf(offsets), postings],
  };
}

export function bm25FileNames(name: string): { json: string; bin: string } {
  return { json: `${name}.json.gz`, bin: `${name}.bin` };
}

/** Read an index written from bm25Files; a size that does not fit the header is INDEX_CORRUPT. */
export async function loadBm25(dir: string, name: string): Promise<Bm25Index> {
  const files = bm25FileNames(name);
  const json = await promisify(gunzip)(await readFile(path.join(dir, files.json)));
  const header = HeaderSchema.parse(JSON.parse(json.toString("utf8")));
  const bin = await readFile(path.join(dir, files.bin));
  const n = header.ids.length;
  const t = header.terms.length;
  const intBytes = 4 * (n + t + t + 1);
  if (bin.byteLength < intBytes) throw new AppError("INDEX_CORRUPT", `${files.bin} is shorter than its header says`);
  // One copy of the integer part makes it 4-byte aligned whatever offset the buffer was read at.
  const ints = new Uint8Array(bin.buffer, bin.byteOffset, intBytes).slice().buffer;
  const offsets = new Uint32Array(ints, 4 * (n + t), t + 1);
  const postings = new Uint8Array(bin.buffer, bin.byteOffset + intBytes, bin.byteLength - intBytes);
  if (offsets[t] !== postings.byteLength) {
    throw new AppError("INDEX_CORRUPT", `${files.bin} holds ${postings.byteLength} posting bytes, not ${offsets[t]}`);
  }
  return new Bm25Index({
    params: header.params,
    ids: header.ids,
    terms: header.terms,
    lengths: new Int32Array(ints, 0, n),
    df: new Int32Array(ints, 4 * n, t),
    offsets,
    postings,
  });
}
