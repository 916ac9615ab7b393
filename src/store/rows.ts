/**
 * Records ↔ table rows, pure. Times are stored as milliseconds; node-postgres returns BIGINT as a
 * string and SQLite returns numbers, so every integer read goes through Number().
 */
import { z } from "zod";
import { CitationSchema } from "../core/schemas.js";
import type { FeedbackRecord } from "../feedback/feedback-store.js";
import type { Turn } from "../conversation/follow-up.js";
import type { Row } from "./db.js";
import { AUDIT_CHANNELS, type AuditEntry, type AuditRecord } from "./types.js";

const int = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
const text = z.string();
const optionalText = z
  .string()
  .nullable()
  .transform((v) => v ?? undefined);

const AuditRowSchema = z.object({
  id: text,
  at: int,
  channel: z.enum(AUDIT_CHANNELS),
  user_name: optionalText,
  conversation_id: optionalText,
  question: text,
  standalone_question: optionalText,
  answer: text,
  refused: int,
  citations: text,
  latency_ms: int,
});

/** The columns of audit_log, in the order of AUDIT_INSERT's parameters. */
export const AUDIT_COLUMNS = [
  "id",
  "at",
  "channel",
  "user_name",
  "conversation_id",
  "question",
  "standalone_question",
  "answer",
  "refused",
  "citations",
  "latency_ms",
] as const;

export function auditRowValues(id: string, e: AuditEntry): unknown[] {
  return [
    id,
    e.at.getTime(),
    e.channel,
    e.user ?? null,
    e.conversationId ?? null,
    e.question,
    e.standaloneQuestion ?? null,
    e.answer,
    e.refused ? 1 : 0,
    JSON.stringify(e.citations),
    Math.round(e.latencyMs),
  ];
}

export function auditFromRow(row: Row): AuditRecord {
  const r = AuditRowSchema.parse(row);
  return {
    id: r.id,
    at: new Date(r.at),
    channel: r.channel,
    ...(r.user_name !== undefined ? { user: r.user_name } : {}),
    ...(r.conversation_id !== undefined ? { conversationId: r.conversation_id } : {}),
    question: r.question,
    ...(r.standalone_question !== undefined ? { standaloneQuestion: r.standalone_question } : {}),
    answer: r.answer,
    refused: r.refused !== 0,
    citations: z.array(CitationSchema).parse(JSON.parse(r.citations)),
    latencyMs: r.latency_ms,
  };
}

export function turnFromRow(row: Row): Turn & { at: number } {
  const r = z.object({ question: text, standalone: text, at: int }).parse(row);
  return r;
}

export function feedbackFromRow(row: Row): FeedbackRecord {
  return JSON.parse(z.object({ record: text }).parse(row).record) as FeedbackRecord;
}
