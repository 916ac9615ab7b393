/**
 * Posting lists as bytes: each list is a run of (entry gap, term frequency) pairs, both as
 * unsigned LEB128 varints, entries in increasing ordinal order. Frequent terms have small gaps,
 * so most pairs take two bytes; a list is decoded only when a query asks for its term. Pure.
 */

/** A byte buffer that grows by doubling; `bytes()` is a view of what was written. */
export class ByteWriter {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  writeVarint(value: number): void {
    if (this.length + 5 > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Appends one posting list: entries ascending, each with its frequency. */
export function encodePostings(out: ByteWriter, entries: ArrayLike<number>, freqs: ArrayLike<number>, count: number) {
  let previous = -1;
  for (let i = 0; i < count; i++) {
    out.writeVarint(entries[i] - previous);
    out.writeVarint(freqs[i]);
    previous = entries[i];
  }
}

/** Calls `visit(entry, freq)` for each posting in bytes[start, end). */
export function forEachPosting(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (entry: number, freq: number) => void,
): void {
  let pos = start;
  let entry = -1;
  while (pos < end) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++];
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    let freq = 0;
    shift = 0;
    do {
      byte = bytes[pos++];
      freq |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    entry += gap >>> 0;
    visit(entry, freq >>> 0);
  }
}
