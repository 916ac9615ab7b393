/**
 * Remembers message ids for a while, so a messenger's retries and replays are answered once.
 * An id is "pending" while its answer is computed and "done" afterwards; both count as seen.
 * The ids are claimed in a Claims store: the service's state store (shared by instances, kept
 * across restarts), or this process's memory.
 */
import type { Claims } from "../store/types.js";

export type DedupState = "new" | "pending" | "done";

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

  /** Replaces the value of a key that is still held, keeping its age. */
  replace(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
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

/**
 * Claims kept in this process's memory: what a bot uses without a state store (tests, tools). The
 * service passes the store's claims instead, which survive restarts and are shared by instances.
 */
export class MemoryClaims implements Claims {
  private readonly entries: ExpiringMap<string>;

  constructor(
    ttlMs: number,
    max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new ExpiringMap(ttlMs, max);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The map's own expiry applies; `ttlMs` is that of the map it was made with. */
  async claim(key: string, value: string): Promise<string | undefined> {
    const t = this.now();
    const held = this.entries.get(key, t);
    if (held !== undefined) return held;
    this.entries.set(key, value, t);
    return undefined;
  }

  async update(key: string, value: string): Promise<void> {
    // Keeps the key's place (and so its expiry) in the map.
    this.entries.replace(key, value);
  }
}

export interface DedupOptions {
  /** How long an id is remembered. @default 30 minutes */
  ttlMs?: number;
  /** Ids remembered at once when kept in memory; the oldest go first. @default 50_000 */
  max?: number;
  now?: () => number;
  /** Where ids are claimed. @default in this process's memory */
  claims?: Claims;
  /** Prefix of the keys in a shared store, e.g. "wecom:msg:". */
  namespace?: string;
}

export class Dedup {
  private readonly claims: Claims;
  private readonly ttlMs: number;
  private readonly namespace: string;

  constructor(options: DedupOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.claims = options.claims ?? new MemoryClaims(this.ttlMs, options.max ?? 50_000, options.now);
    this.namespace = options.namespace ?? "";
  }

  /** Claims an id: "new" the first time (it is then pending), else its current state. */
  async claim(id: string): Promise<DedupState> {
    const held = await this.claims.claim(this.namespace + id, "pending", this.ttlMs);
    return held === undefined ? "new" : held === "done" ? "done" : "pending";
  }

  /** Marks an id answered; it stays remembered for the rest of its window. */
  async complete(id: string): Promise<void> {
    await this.claims.update(this.namespace + id, "done");
  }
}
