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

const NEWLINE = Buffer.from("\n");

/**
 * Each record as one line of JSON, gzipped in batches of about a megabyte, then synced. A record
 * given as bytes is a line as stored (see readStoredLines), carried over without parsing: written
 * as it is.
 */
export async function writeJsonLinesDurably(file: string, records: Iterable<unknown>): Promise<void> {
  function* batches(): Generator<Uint8Array> {
    let parts: Uint8Array[] = [];
    let size = 0;
    let text = "";
    const endText = () => {
      if (!text) return;
      const bytes = Buffer.from(text);
      parts.push(bytes);
      size += bytes.length;
      text = "";
    };
    for (const record of records) {
      if (record instanceof Uint8Array) {
        endText();
        parts.push(record, NEWLINE);
        size += record.length + 1;
      } else {
        text += `${JSON.stringify(record)}\n`;
      }
      if (size + text.length >= BATCH_CHARS) {
        endText();
        yield Buffer.concat(parts, size);
        parts = [];
        size = 0;
      }
    }
    endText();
    if (size > 0) yield Buffer.concat(parts, size);
  }
  await pipeline(Readable.from(batches()), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(file));
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The lines of a file written by writeJsonLinesDurably, in order, as bytes (views of one
 * decompressed buffer): records an update carries into the next generation need no parsing.
 */
export async function readStoredLines(file: string): Promise<Buffer[]> {
  const bytes = await promisify(gunzip)(await readFile(file));
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

/** The records of a file written by writeJsonLinesDurably, in order. */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  return (await readStoredLines(file)).map((line) => JSON.parse(line.toString("utf8")) as T);
}
