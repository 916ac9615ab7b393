/**
 * The audit log as files for administrators: CSV (UTF-8 with a byte-order mark, so spreadsheet
 * programs read the Chinese) or JSON Lines. Formatting is pure; exportAudit reads the log in pages
 * so an export of a year does not sit in memory at once.
 */
import type { AuditLog, AuditQuery, AuditRecord } from "./types.js";

export const AUDIT_EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const CSV_HEADER = [
  "time",
  "channel",
  "user",
  "conversation_id",
  "question",
  "standalone_question",
  "answer",
  "refused",
  "citations",
  "latency_ms",
] as const;

/**
 * One CSV field: quoted when it holds a quote, comma or line break. A field a spreadsheet would
 * run as a formula (= + - @ at the start) gets a leading apostrophe: questions are typed by anyone.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

export function auditCsvRow(r: AuditRecord): string {
  return csvRow([
    r.at.toISOString(),
    r.channel,
    r.user ?? "",
    r.conversationId ?? "",
    r.question,
    r.standaloneQuestion ?? "",
    r.answer,
    r.refused ? "true" : "false",
    r.citations.map((c) => `[${c.n}] ${c.title}（${c.docId}${c.section ? ` ${c.section}` : ""}）`).join("; "),
    String(r.latencyMs),
  ]);
}

export function auditJsonLine(r: AuditRecord): string {
  return `${JSON.stringify({ ...r, at: r.at.toISOString() })}\n`;
}

/** The export, piece by piece: the header (CSV), then one row or line per record, oldest first. */
export async function* exportAudit(
  audit: AuditLog,
  query: AuditQuery,
  format: AuditExportFormat,
  pageSize = 500,
): AsyncGenerator<string> {
  if (format === "csv") yield `\uFEFF${csvRow(CSV_HEADER)}`;
  let page = await audit.page(query, pageSize);
  while (page.length) {
    yield page.map(format === "csv" ? auditCsvRow : auditJsonLine).join("");
    const last = page[page.length - 1];
    page = await audit.page(query, pageSize, { at: last.at.getTime(), id: last.id });
  }
}
