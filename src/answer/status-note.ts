/**
 * Notes on whether a scheme or rule still applies. A passage saying a scheme has expired, was
 * repealed or has a validity period is reported verbatim, dated by its own document; no date is
 * computed into the answer, so the grounding check can hold every figure to the source.
 */
import type { Chunk, DocMeta } from "../core/types.js";
import { chineseDate } from "./citations.js";

/** The clause of `chunk` (absolute span) that states a status, if any. */
export function findStatusClause(chunk: Chunk): { start: number; end: number } | undefined {
  // Clauses end at Chinese punctuation and brackets, so "（目前该扶持计划已到期）" yields its inside.
  const re = /[^，。；！？（）()、\n]+/g;
  for (const m of chunk.text.matchAll(re)) {
    if (/已到期|废止|失效|有效期|停止执行|不再执行/.test(m[0])) {
      const start = chunk.start + m.index!;
      return { start, end: start + m[0].length };
    }
  }
  return undefined;
}

/** "截至2021年10月22日答复时，原文称“目前该扶持计划已到期”" — dated by the citing document. */
export function statusNote(clause: string, meta: DocMeta): string {
  const date = chineseDate(meta.date);
  const when = meta.kind === "reply_letter" ? "答复时" : "发文时";
  return date ? `截至${date}${when}，原文称“${clause.trim()}”` : `原文称“${clause.trim()}”`;
}

/** Whether a policy rule is in force on `today`, from its recorded dates. */
export function ruleStatus(meta: DocMeta, today: Date): "in_force" | "expired" | "not_yet" | "repealed" | "unknown" {
  if (meta.repealed) return "repealed";
  const day = today.toISOString().slice(0, 10);
  if (meta.effectiveDate && day < meta.effectiveDate) return "not_yet";
  if (meta.expiryDate && day > meta.expiryDate) return "expired";
  if (meta.effectiveDate || meta.expiryDate) return "in_force";
  return "unknown";
}

/** A sentence about a rule's status that states no figure of its own (figures come from quotes). */
export function ruleStatusSentence(status: ReturnType<typeof ruleStatus>): string | undefined {
  switch (status) {
    case "expired":
      return "按文件所载施行日期和有效期推算，该文件目前已过有效期，请以现行文件为准。";
    case "repealed":
      return "该文件已废止，请以现行文件为准。";
    case "not_yet":
      return "按文件所载施行日期，该文件目前尚未施行。";
    case "in_force":
      return "按文件所载施行日期和有效期推算，该文件目前仍在有效期内。";
    default:
      return undefined;
  }
}
