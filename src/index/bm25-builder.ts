/**
 * Builds a compact Bm25Index (./bm25.ts) entry by entry, from scratch or from a previous index
 * with some of its entries dropped. Postings of added entries are held as (term, entry, freq)
 * columns in fixed-size blocks — about 10 bytes a posting, no object per entry or posting — and
 * laid out by term once, in build(). An update reads the previous index's lists once and
 * copies what it keeps, so its cost is a pass over the postings plus the added entries' tokens.
 */
import { Bm25Index, type Bm25Params } from "./bm25.js";
import { ByteWriter, forEachPosting } from "./postings.js";

const BLOCK = 1 << 20;
/** A term's frequency in one entry is stored up to this; BM25 has long saturated by then. */
const MAX_FREQ = 0xffff;

/** An append-only column of numbers in blocks of BLOCK, so growing never copies what was written. */
class Column<T extends Int32Array | Uint16Array> {
  private readonly blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (n: number) => T) {}

  push(value: number): void {
    const offset = this.length % BLOCK;
    if (offset === 0) this.blocks.push(this.make(BLOCK));
    this.blocks[this.blocks.length - 1][offset] = value;
    this.length++;
  }

  at(i: number): number {
    return this.blocks[Math.floor(i / BLOCK)][i % BLOCK];
  }
}

/** A copy of `array` with room for at least `size` elements. */
function grown(array: Int32Array, size: number): Int32Array {
  const copy = new Int32Array(Math.max(size, array.length * 2));
  copy.set(array);
  return copy;
}

export class Bm25Builder {
  private readonly ids: string[] = [];
  private readonly lengths = new Column((n) => new Int32Array(n));
  private readonly present = new Set<string>();
  private readonly terms: string[];
  private readonly termNumbers: Map<string, number>;
  private readonly added = {
    term: new Column((n) => new Int32Array(n)),
    entry: new Column((n) => new Int32Array(n)),
    freq: new Column((n) => new Uint16Array(n)),
  };
  /** Scratch for add(): occurrences of each term number in the entry being added, else 0. */
  private counts: Int32Array = new Int32Array(1024);
  /** The previous index, and each of its ordinals' ordinal here (-1 when dropped). */
  private readonly previous: { index: Bm25Index; ordinals: Int32Array } | undefined;

  /** A builder that starts with the entries of `previous` that `drop` does not name. */
  constructor(
    readonly params: Bm25Params,
    previous?: Bm25Index,
    drop: (id: string) => boolean = () => false,
  ) {
    this.terms = previous ? [...previous.stored.terms] : [];
    this.termNumbers = new Map(this.terms.map((t, i) => [t, i]));
    if (!previous) return;
    const { ids, lengths } = previous.stored;
    const ordinals = new Int32Array(ids.length).fill(-1);
    ids.forEach((id, old) => {
      if (drop(id)) return;
      ordinals[old] = this.ids.length;
      this.keep(id, lengths[old]);
    });
    this.previous = { index: previous, ordinals };
  }

  private keep(id: string, length: number): void {
    this.ids.push(id);
    this.lengths.push(length);
    this.present.add(id);
  }

  /** Number of entries so far, kept and added. */
  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.present.has(id);
  }

  /**
   * Add the entries of another index that `drop` does not name, with their postings, after those
   * kept so far (a delta merged into its base). Call before add(): entries must be added in
   * ordinal order for the lists to stay sorted.
   */
  absorb(index: Bm25Index, drop: (id: string) => boolean = () => false): void {
    if (this.added.term.length > 0) throw new Error("absorb() must come before add()");
    const { ids, lengths, terms, offsets, postings } = index.stored;
    const ordinals = new Int32Array(ids.length).fill(-1);
    ids.forEach((id, old) => {
      if (drop(id)) return;
      if (this.present.has(id)) throw new Error(`BM25 entry ${id} is already present`);
      ordinals[old] = this.ids.length;
      this.keep(id, lengths[old]);
    });
    terms.forEach((term, old) => {
      let t = this.termNumbers.get(term);
      if (t === undefined) {
        t = this.terms.length;
        this.terms.push(term);
        this.termNumbers.set(term, t);
      }
      const number = t;
      forEachPosting(postings, offsets[old], offsets[old + 1], (entry, freq) => {
        if (ordinals[entry] < 0) return;
        this.added.term.push(number);
        this.added.entry.push(ordinals[entry]);
        this.added.freq.push(freq);
      });
    });
  }

  /** Add an entry under its tokens (in order, repeats counted). An id already present is an error. */
  add(id: string, tokens: string[]): void {
    if (this.present.has(id)) throw new Error(`BM25 entry ${id} is already present`);
    const entry = this.ids.length;
    this.keep(id, tokens.length);
    // Frequencies are counted by term number in a reused array: one dictionary lookup a token.
    const seen: number[] = [];
    // The scratch covers every term number, those of a previous index included: a typed array
    // ignores writes past its end, which would drop the posting silently.
    if (this.counts.length < this.terms.length) this.counts = grown(this.counts, this.terms.length);
    for (const token of tokens) {
      let t = this.termNumbers.get(token);
      if (t === undefined) {
        t = this.terms.length;
        this.terms.push(token);
        this.termNumbers.set(token, t);
        if (t >= this.counts.length) this.counts = grown(this.counts, t + 1);
      }
      if (this.counts[t]++ === 0) seen.push(t);
    }
    for (const t of seen) {
      this.added.term.push(t);
      this.added.entry.push(entry);
      this.added.freq.push(Math.min(this.counts[t], MAX_FREQ));
      this.counts[t] = 0;
    }
  }

  /** The index: kept and added entries, terms no entry holds any more left out. */
  build(): Bm25Index {
    const { start, entries, freqs } = this.addedByTerm();
    const old = this.previous?.index.stored;
    const out = new ByteWriter((old?.postings.length ?? 0) + entries.length * 3);
    const terms: string[] = [];
    const df: number[] = [];
    const offsets: number[] = [];
    for (let t = 0; t < this.terms.length; t++) {
      const listStart = out.length;
      let count = 0;
      let last = -1;
      const put = (entry: number, freq: number) => {
        out.writeVarint(entry - last);
        out.writeVarint(freq);
        last = entry;
        count++;
      };
      if (old && t < old.terms.length) {
        const { ordinals } = this.previous!;
        forEachPosting(old.postings, old.offsets[t], old.offsets[t + 1], (entry, freq) => {
          if (ordinals[entry] >= 0) put(ordinals[entry], freq);
        });
      }
      for (let i = start[t]; i < start[t + 1]; i++) put(entries[i], freqs[i]);
      if (count === 0) continue;
      terms.push(this.terms[t]);
      df.push(count);
      offsets.push(listStart);
    }
    offsets.push(out.length);
    const lengths = new Int32Array(this.ids.length);
    for (let i = 0; i < lengths.length; i++) lengths[i] = this.lengths.at(i);
    return new Bm25Index({
      params: this.params,
      ids: this.ids,
      lengths,
      terms,
      df: Int32Array.from(df),
      offsets: Uint32Array.from(offsets),
      postings: out.bytes().slice(),
    });
  }

  /** The added postings grouped by term (a counting sort; entries stay ascending within a term). */
  private addedByTerm(): { start: Int32Array; entries: Int32Array; freqs: Uint16Array } {
    const { term, entry, freq } = this.added;
    const start = new Int32Array(this.terms.length + 1);
    for (let i = 0; i < term.length; i++) start[term.at(i) + 1]++;
    for (let t = 0; t < this.terms.length; t++) start[t + 1] += start[t];
    const next = start.slice(0, this.terms.length);
    const entries = new Int32Array(term.length);
    const freqs = new Uint16Array(term.length);
    for (let i = 0; i < term.length; i++) {
      const at = next[term.at(i)]++;
      entries[at] = entry.at(i);
      freqs[at] = freq.at(i);
    }
    return { start, entries, freqs };
  }
}
