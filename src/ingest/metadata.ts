/**
 * Document metadata from the text of an official document: title, kind, issuer, date,
 * 文号, proposal number, addressee and, for rules, the validity period. Pure.
 */
import type { DocKind, DocMeta } from "../core/types.js";
import { toAsciiDigits } from "../text/chinese-numerals.js";
import { standaloneDate, findDates } from "./dates.js";
import { policyValidity } from "./validity.js";

/** A leading notice such as 【示例文档：…】 is not the title. */
const NOTICE_LINE = /^[【［[].*[】］\]]$/;
const DOC_NUMBER = /([\u4e00-\u9fa5]{1,12})\s*[〔[(（［【]\s*([0-9０-９]{4})\s*[〕\])）］】]\s*([0-9０-９]+)\s*号/;
const ORG_SUFFIX = /(局|委|厅|办|府|会|部|院|室|中心|办公室|委员会|管理局|政府)$/;
/** Lines of the header (title, 文号, addressee) are short; the first long line is body. */
const HEADER_MAX_LINES = 6;
const HEADER_LINE_MAX_CHARS = 60;

export function extractMeta(text: string, relPath: string): DocMeta {
  const lines = nonEmptyLines(text);
  const titleIndex = lines.findIndex((l) => !NOTICE_LINE.test(l));
  // A markdown heading line counts as the title, without its hashes.
  const title = titleIndex >= 0 ? titleOf(lines[titleIndex].replace(/^#{1,6}\s+/, "")) : "";
  const header = headerLines(lines, Math.max(titleIndex, 0));
  const kind = classify(title, text, relPath);
  const meta: DocMeta = { title, kind };
  const signature = signatureBlock(lines);
  assign(meta, "issuer", signature.issuer ?? issuerFromTitle(title));
  assign(meta, "date", signature.date ?? firstHeaderDate(header));
  assign(meta, "docNumber", docNumber(header));
  assign(meta, "proposalNumber", proposalNumber(title) ?? proposalNumber(text));
  assign(meta, "addressee", addressee(lines, titleIndex));
  if (kind === "policy_rule") Object.assign(meta, policyValidity(text));
  return meta;
}

function assign<K extends keyof DocMeta>(meta: DocMeta, key: K, value: DocMeta[K] | undefined): void {
  if (value !== undefined) meta[key] = value;
}

function nonEmptyLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Longest title kept; official titles rarely exceed it, while a text without line breaks would. */
const MAX_TITLE_CHARS = 80;

/**
 * The title from the first line. Plain-text exports often have no line breaks at all, so a long
 * first line is cut at its first run of spaces or sentence end, and never exceeds MAX_TITLE_CHARS.
 */
export function titleOf(firstLine: string): string {
  const line = firstLine.trim();
  if (line.length <= MAX_TITLE_CHARS) return line;
  const cut = /\s+|[。！？；]/.exec(line);
  const head = cut && cut.index >= 4 ? line.slice(0, cut.index) : line;
  return head.slice(0, MAX_TITLE_CHARS);
}

function headerLines(lines: string[], titleIndex: number): string[] {
  const header: string[] = [];
  for (const line of lines.slice(titleIndex, titleIndex + HEADER_MAX_LINES)) {
    if (line.length > HEADER_LINE_MAX_CHARS && header.length > 0) break;
    header.push(line);
    if (/[：:]$/.test(line)) break;
  }
  return header;
}

export function classify(title: string, text: string, relPath: string): DocKind {
  const path = relPath.replace(/\\/g, "/");
  if (/(^|\/)reply-letters\//.test(path)) return "reply_letter";
  if (/(^|\/)policy-rules\//.test(path)) return "policy_rule";
  if (/答复|复函|提案|的函$/.test(title)) return "reply_letter";
  if (/建议/.test(title) && /答复/.test(text)) return "reply_letter";
  if (/规程|办法|通知|细则|规定|条例|规则|实施方案|指引/.test(title)) return "policy_rule";
  return "other";
}

/** The signature block: a standalone date line near the end and the organisation line above it. */
function signatureBlock(lines: string[]): { issuer?: string; date?: string } {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 8); i--) {
    const date = standaloneDate(lines[i]);
    if (!date) continue;
    const above = i > 0 ? lines[i - 1] : "";
    const isOrg = above.length <= 40 && ORG_SUFFIX.test(above) && !/[。，；！？]/.test(above);
    return { date, issuer: isOrg ? above : undefined };
  }
  return {};
}

/** "市工业和信息化局关于……" → "市工业和信息化局". */
function issuerFromTitle(title: string): string | undefined {
  const i = title.indexOf("关于");
  if (i <= 0 || i > 30) return undefined;
  const prefix = title.slice(0, i).trim();
  return ORG_SUFFIX.test(prefix) ? prefix : undefined;
}

function firstHeaderDate(header: string[]): string | undefined {
  return findDates(header.join("\n"))[0]?.iso;
}

/** 文号 only from the header: the body cites other documents' numbers. */
function docNumber(header: string[]): string | undefined {
  for (const line of header.slice(1)) {
    const m = DOC_NUMBER.exec(line);
    if (m) return `${m[1]}〔${toAsciiDigits(m[2])}〕${toAsciiDigits(m[3])}号`;
  }
  return undefined;
}

function proposalNumber(s: string): string | undefined {
  const m = /第\s*([0-9０-９]+)\s*号\s*(?:提案|建议)/.exec(s);
  return m ? toAsciiDigits(m[1]) : undefined;
}

/** The addressee line ("九三学社深圳市委会：") follows the title, maybe after a 文号 line. */
function addressee(lines: string[], titleIndex: number): string | undefined {
  if (titleIndex < 0) return undefined;
  for (const line of lines.slice(titleIndex + 1, titleIndex + 4)) {
    if (line.length > 40) return undefined;
    const m = /^(.+?)\s*[：:]$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}
