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

/**
 * A map whose entries expire `ttlMs` after they were set and which holds at most `max` of them,
 * the oldest going first. Entries are kept in the order they were set, so expired ones are at the
 * front and eviction stops at the first live one.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value of `key` if it is still live at `now`; expired entries are dropped first. */
  get(key: string, now: number): V | undefined {
    this.evict(now);
    const entry = this.entries.get(key);
    return entry && now - entry.at <= this.ttlMs ? entry.value : undefined;
  }

  /** The value of `key` whatever its age, as long as it has not been dropped. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.at <= this.ttlMs) break;
      this.entries.delete(key);
    }
  }
}

export class Dedup {
  private readonly seen: ExpiringMap<{ state: "pending" | "done" }>;
  private readonly now: () => number;

  constructor(options: DedupOptions = {}) {
    this.seen = new ExpiringMap(options.ttlMs ?? 30 * 60_000, options.max ?? 50_000);
    this.now = options.now ?? Date.now;
  }

  /** Claims an id: "new" the first time (it is then pending), else its current state. */
  claim(id: string): DedupState {
    const t = this.now();
    const entry = this.seen.get(id, t);
    if (entry) return entry.state;
    this.seen.set(id, { state: "pending" }, t);
    return "new";
  }

  /** Marks an id answered; it stays remembered for the rest of its window. */
  complete(id: string): void {
    const entry = this.seen.peek(id);
    if (entry) entry.state = "done";
  }

  get size(): number {
    return this.seen.size;
  }
}
