/**
 * Remembers message ids for a while, so a messenger's retries and replays are answered once.
 * An id is "pending" while its answer is computed and "done" afterwards; both count as seen.
 */
export type DedupState = "new" | "pending" | "done";

export interface DedupOptions {
  /** How long an id is remembered. @default 30 minutes (WeCom retries for ~15 s, Feishu for hours at most once an hour) */
  ttlMs?: number;
  /** Ids remembered at once; the oldest go first. @default 50_000 */
  max?: number;
  now?: () => number;
}

export class Dedup {
  private readonly seen = new Map<string, { state: "pending" | "done"; at: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: DedupOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.max = options.max ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Claims an id: "new" the first time (it is then pending), else its current state. */
  claim(id: string): DedupState {
    const t = this.now();
    this.evict(t);
    const entry = this.seen.get(id);
    if (entry && t - entry.at <= this.ttlMs) return entry.state;
    this.seen.delete(id);
    this.seen.set(id, { state: "pending", at: t });
    while (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return "new";
  }

  /** Marks an id answered; it stays remembered for the rest of its window. */
  complete(id: string): void {
    const entry = this.seen.get(id);
    if (entry) entry.state = "done";
  }

  get size(): number {
    return this.seen.size;
  }

  /** Entries are in insertion order, so expired ones are at the front. */
  private evict(t: number): void {
    for (const [id, entry] of this.seen) {
      if (t - entry.at <= this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
