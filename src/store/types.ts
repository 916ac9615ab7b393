/**
 * The service's state behind one small interface: conversations, feedback, claims (messenger
 * de-duplication and DingTalk's signature ledger) and the audit log of questions. Implemented over
 * SQLite (default, DATA_DIR/state.db) and PostgreSQL (DATABASE_URL) by SqlStateStore; the
 * conversation and feedback interfaces are declared where they are used.
 */
import type { Conversations } from "../conversation/conversation-store.js";
import type { Citation } from "../core/types.js";
import type { FeedbackLog } from "../feedback/feedback-store.js";

/** Where a question came from: the chat page, the HTTP API (anything but the page), or a messenger. */
export const AUDIT_CHANNELS = ["page", "api", "wecom", "dingtalk", "feishu"] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];

/** Who asked, as the audit log records it. */
export interface AuditOrigin {
  channel: AuditChannel;
  /** The messenger's user id, or the name of the API token ("token-2"); absent without access control. */
  user?: string;
}

export interface AuditEntry extends AuditOrigin {
  at: Date;
  conversationId?: string;
  question: string;
  /** The question as answered, when follow-up rewriting changed it. */
  standaloneQuestion?: string;
  answer: string;
  refused: boolean;
  citations: Citation[];
  latencyMs: number;
}

export interface AuditRecord extends AuditEntry {
  id: string;
}

export interface AuditQuery {
  /** From this time on (inclusive). */
  since?: Date;
  /** Before this time (exclusive). */
  until?: Date;
}

/** A position in the log (time, then id), for reading it in pages. */
export interface AuditCursor {
  at: number;
  id: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<AuditRecord>;
  /** Up to `limit` records of the query after `after`, oldest first. */
  page(query: AuditQuery, limit: number, after?: AuditCursor): Promise<AuditRecord[]>;
  /** Deletes records older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/**
 * Claim-once keys with an expiry, shared by every process using the store. A claim that finds a
 * live key returns the value it holds; an expired key counts as absent.
 */
export interface Claims {
  /** `undefined` when this call claimed `key` (it now holds `value` for `ttlMs`), else the value it holds. */
  claim(key: string, value: string, ttlMs: number): Promise<string | undefined>;
  /** Replaces the value of a claimed key, keeping its expiry. */
  update(key: string, value: string): Promise<void>;
}

export interface StateStore {
  readonly kind: "sqlite" | "postgres";
  readonly conversations: Conversations;
  readonly feedback: FeedbackLog;
  readonly claims: Claims;
  readonly audit: AuditLog;
  /** Removes expired claims, idle conversations and audit records older than `auditBefore` (if given). */
  prune(options: { auditBefore?: Date }): Promise<{ claims: number; turns: number; audit: number }>;
  /** Runs `fn` while holding a lock named `name` across every instance sharing the store. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
