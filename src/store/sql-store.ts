/**
 * The state store over a SQL database (SQLite or PostgreSQL, see db.ts): a handful of portable
 * statements. Anything that must happen once across instances is one statement on a unique key
 * (a claim is an upsert that only takes over an expired row).
 */
import { randomUUID } from "node:crypto";
import type { Conversations } from "../conversation/conversation-store.js";
import type { Turn } from "../conversation/follow-up.js";
import type { FeedbackLog, FeedbackRecord, FeedbackRequest } from "../feedback/feedback-store.js";
import type { Db } from "./db.js";
import { auditFromRow, auditRowValues, AUDIT_COLUMNS, feedbackFromRow, turnFromRow } from "./rows.js";
import type { AuditCursor, AuditEntry, AuditLog, AuditQuery, AuditRecord, Claims, StateStore } from "./types.js";

export interface SqlStateStoreOptions {
  /** Turns of a conversation a follow-up is read against. @default 10 */
  maxTurns?: number;
  /** A turn is forgotten this long after it was asked. @default 2 hours */
  conversationTtlMs?: number;
  now?: () => number;
}

/** How long a SQLite lock lease lasts without renewal (a holder renews it every quarter of that). */
const LEASE_MS = 60_000;

export class SqlStateStore implements StateStore {
  readonly kind: "sqlite" | "postgres";
  readonly conversations: Conversations;
  readonly feedback: FeedbackLog & { import(records: FeedbackRecord[]): Promise<number> };
  readonly claims: Claims;
  readonly audit: AuditLog;
  private readonly now: () => number;
  private readonly conversationTtlMs: number;

  constructor(
    private readonly db: Db,
    options: SqlStateStoreOptions = {},
  ) {
    this.kind = db.dialect;
    this.now = options.now ?? Date.now;
    this.conversationTtlMs = options.conversationTtlMs ?? 2 * 60 * 60 * 1000;
    this.conversations = new SqlConversations(db, options.maxTurns ?? 10, this.conversationTtlMs, this.now);
    this.feedback = new SqlFeedback(db);
    this.claims = new SqlClaims(db, this.now);
    this.audit = new SqlAudit(db);
  }

  async prune({ auditBefore }: { auditBefore?: Date }) {
    const t = this.now();
    const claims = (await this.db.run(`DELETE FROM claims WHERE expires_at <= $1`, [t])).changes;
    const turns = (await this.db.run(`DELETE FROM conversation_turns WHERE at <= $1`, [t - this.conversationTtlMs]))
      .changes;
    const audit = auditBefore ? await this.audit.prune(auditBefore) : 0;
    return { claims, turns, audit };
  }

  /**
   * PostgreSQL: an advisory lock. SQLite: a lease in the claims table, renewed while `fn` runs and
   * taken over when a holder died without releasing it (it expires after LEASE_MS).
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.kind === "postgres") return this.db.withLock(name, fn);
    const key = `lock:${name}`;
    const owner = randomUUID();
    while ((await this.claims.claim(key, owner, LEASE_MS)) !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
    const renew = setInterval(() => {
      this.db
        .run(`UPDATE claims SET expires_at = $3 WHERE key = $1 AND value = $2`, [key, owner, this.now() + LEASE_MS])
        .catch(() => undefined);
    }, LEASE_MS / 4);
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.db.run(`DELETE FROM claims WHERE key = $1 AND value = $2`, [key, owner]);
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

class SqlConversations implements Conversations {
  constructor(
    private readonly db: Db,
    private readonly maxTurns: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  async history(id: string): Promise<Turn[]> {
    const { rows } = await this.db.run(
      `SELECT question, standalone, at FROM conversation_turns
       WHERE conversation_id = $1 AND at > $2 ORDER BY at DESC LIMIT $3`,
      [id, this.now() - this.ttlMs, this.maxTurns],
    );
    return rows
      .map(turnFromRow)
      .reverse()
      .map(({ question, standalone }) => ({ question, standalone }));
  }

  async append(id: string, turn: Turn): Promise<void> {
    const t = this.now();
    await this.db.run(
      `INSERT INTO conversation_turns (conversation_id, at, question, standalone) VALUES ($1, $2, $3, $4)`,
      [id, t, turn.question, turn.standalone],
    );
    // Turns past the last maxTurns are never read again.
    await this.db.run(
      `DELETE FROM conversation_turns WHERE conversation_id = $1 AND at < (
         SELECT MIN(at) FROM (SELECT at FROM conversation_turns WHERE conversation_id = $1 ORDER BY at DESC LIMIT $2) AS recent)`,
      [id, this.maxTurns],
    );
  }

  async reset(id: string): Promise<void> {
    await this.db.run(`DELETE FROM conversation_turns WHERE conversation_id = $1`, [id]);
  }
}

class SqlFeedback implements FeedbackLog {
  constructor(private readonly db: Db) {}

  async add(request: FeedbackRequest, now = new Date()): Promise<FeedbackRecord> {
    const record: FeedbackRecord = { id: randomUUID(), at: now.toISOString(), ...request };
    await this.insert(record);
    return record;
  }

  async all(): Promise<FeedbackRecord[]> {
    const { rows } = await this.db.run(`SELECT record FROM feedback ORDER BY at, id`);
    return rows.map(feedbackFromRow);
  }

  /** Adds records kept elsewhere (the old JSONL file); ids already present are skipped. Returns how many were new. */
  async import(records: FeedbackRecord[]): Promise<number> {
    let added = 0;
    for (const r of records) added += await this.insert(r);
    return added;
  }

  private async insert(r: FeedbackRecord): Promise<number> {
    const { changes } = await this.db.run(
      `INSERT INTO feedback (id, at, rating, record) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [r.id, Date.parse(r.at), r.rating, JSON.stringify(r)],
    );
    return changes;
  }
}

class SqlClaims implements Claims {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async claim(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    // A key that is absent, or present but expired, is taken in one statement; a live one is left alone.
    for (let attempt = 0; attempt < 3; attempt++) {
      const t = this.now();
      const taken = await this.db.run(
        `INSERT INTO claims (key, value, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE claims.expires_at <= $4
         RETURNING key`,
        [key, value, t + ttlMs, t],
      );
      if (taken.rows.length) return undefined;
      const held = await this.db.run(`SELECT value FROM claims WHERE key = $1`, [key]);
      // Gone between the two statements (pruned as it expired): try again.
      if (held.rows.length) return String(held.rows[0].value);
    }
    throw new Error(`claim of ${key} kept changing under it`);
  }

  async update(key: string, value: string): Promise<void> {
    await this.db.run(`UPDATE claims SET value = $2 WHERE key = $1`, [key, value]);
  }
}

const AUDIT_INSERT = `INSERT INTO audit_log (${AUDIT_COLUMNS.join(", ")}) VALUES (${AUDIT_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`;

class SqlAudit implements AuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const id = randomUUID();
    await this.db.run(AUDIT_INSERT, auditRowValues(id, entry));
    return { id, ...entry };
  }

  async page(query: AuditQuery, limit: number, after?: AuditCursor): Promise<AuditRecord[]> {
    const { rows } = await this.db.run(
      `SELECT ${AUDIT_COLUMNS.join(", ")} FROM audit_log
       WHERE at >= $1 AND at < $2 AND (at > $3 OR (at = $3 AND id > $4))
       ORDER BY at, id LIMIT $5`,
      [
        query.since?.getTime() ?? 0,
        query.until?.getTime() ?? Number.MAX_SAFE_INTEGER,
        after?.at ?? -1,
        after?.id ?? "",
        limit,
      ],
    );
    return rows.map(auditFromRow);
  }

  async prune(before: Date): Promise<number> {
    return (await this.db.run(`DELETE FROM audit_log WHERE at < $1`, [before.getTime()])).changes;
  }
}
