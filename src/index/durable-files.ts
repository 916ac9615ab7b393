/**
 * Files of an index generation: written and synced before the generation is published, and
 * records as gzipped JSON Lines, written in batches and read line by line, so no single string
 * holds a whole corpus (V8 caps a string at about 512 MB). Gzip at its fastest level: the records
 * are mostly Chinese text and repeated keys, which it shrinks to under half for little time.
 */
import { createWriteStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants, createGzip, gunzip } from "node:zlib";
import { promisify } from "node:util";

const BATCH_CHARS = 1 << 20;

/** Write `data` (a string or byte parts, in order) and fsync it. */
export async function writeDurably(file: string, data: string | Uint8Array | Uint8Array[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (const part of Array.isArray(data) ? data : [data]) await handle.writeFile(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Each record as one line of JSON, gzipped in batches of about a megabyte, then synced. */
export async function writeJsonLinesDurably(file: string, records: Iterable<unknown>): Promise<void> {
  function* batches(): Generator<string> {
    let batch = "";
    for (const record of records) {
      batch += `${JSON.stringify(record)}\n`;
      if (batch.length >= BATCH_CHARS) {
        yield batch;
        batch = "";
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(batches()), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(file));
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The records of a file written by writeJsonLinesDurably, in order. */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  const bytes = await promisify(gunzip)(await readFile(file));
  const records: T[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) records.push(JSON.parse(bytes.toString("utf8", start, end)) as T);
    start = end + 1;
  }
  return records;
}
