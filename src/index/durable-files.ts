/** Files of an index generation: written and synced before the generation is published. */
import { open } from "node:fs/promises";

/** Bytes written per write call: parts (a segment's gzip members, one per file) are gathered up to this. */
const WRITE_BYTES = 1 << 20;

/** Write `data` (a string or byte parts, in order) and fsync it. */
export async function writeDurably(file: string, data: string | Uint8Array | Uint8Array[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (const part of gathered(Array.isArray(data) ? data : [data])) await handle.writeFile(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Parts joined into writes of about WRITE_BYTES, so thousands of small members are not thousands of writes. */
function* gathered(parts: Array<string | Uint8Array>): Generator<string | Uint8Array> {
  let batch: Uint8Array[] = [];
  let size = 0;
  for (const part of parts) {
    if (typeof part === "string" || part.byteLength >= WRITE_BYTES) {
      if (batch.length) yield Buffer.concat(batch, size);
      batch = [];
      size = 0;
      yield part;
      continue;
    }
    batch.push(part);
    size += part.byteLength;
    if (size >= WRITE_BYTES) {
      yield Buffer.concat(batch, size);
      batch = [];
      size = 0;
    }
  }
  if (batch.length) yield Buffer.concat(batch, size);
}
