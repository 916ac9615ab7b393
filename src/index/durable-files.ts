/**
 * Files of an index generation: written and synced before the generation is published, and
 * records as JSON Lines, written in batches and read line by line, so no single string holds a
 * whole corpus (V8 caps a string at about 512 MB).
 */
import { open, readFile } from "node:fs/promises";

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

/** Each record as one line of JSON, written in batches of about a megabyte, then synced. */
export async function writeJsonLinesDurably(file: string, records: Iterable<unknown>): Promise<void> {
  const handle = await open(file, "w");
  try {
    let batch = "";
    for (const record of records) {
      batch += `${JSON.stringify(record)}\n`;
      if (batch.length >= BATCH_CHARS) {
        await handle.writeFile(batch);
        batch = "";
      }
    }
    if (batch) await handle.writeFile(batch);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The records of a JSON Lines file, in order. */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  const bytes = await readFile(file);
  const records: T[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (end > start) records.push(JSON.parse(bytes.toString("utf8", start, end)) as T);
    start = end + 1;
  }
  return records;
}
