/**
 * Markdown → plain lines. Markup is stripped lightly (heading hashes, emphasis, bullets,
 * links, fences) but text is kept; headings stay on their own lines so structure parsing
 * sees them. Pipe tables are rendered like HTML tables. Numbered markers ("1.") are kept
 * because in Chinese official writing they are part of the heading numbering.
 */
import { TextBuilder, normalizeNewlines, renderTable, type Extracted } from "./text-builder.js";

export function extractMarkdown(source: string): Extracted {
  const out = new TextBuilder();
  const lines = normalizeNewlines(source).split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (isTableLine(lines[i])) {
      const rows: string[][] = [];
      while (i < lines.length && isTableLine(lines[i])) {
        if (!isSeparatorRow(lines[i])) rows.push(splitRow(lines[i]));
        i++;
      }
      i--;
      for (const row of renderTable(rows)) out.tableRow(stripInline(row));
      continue;
    }
    const line = stripLine(lines[i]);
    if (line !== null) out.line(line);
  }
  return out.build();
}

/** Returns null for lines that are pure markup (fences, rules). */
function stripLine(line: string): string | null {
  if (/^\s*(```|~~~)/.test(line)) return null;
  // An HTML comment (lawrefbook's <!-- INFO END -->) is not shown when Markdown is rendered.
  if (/^\s*<!--.*-->\s*$/.test(line)) return null;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return null;
  let s = line.replace(/^\s{0,3}#{1,6}\s+/, "").replace(/\s+#+\s*$/, "");
  s = s.replace(/^\s*>\s?/, "");
  s = s.replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, "");
  return stripInline(s);
}

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*(?!\*)/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/<\/?[a-zA-Z][^>]*>/g, "");
}

function isTableLine(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function isSeparatorRow(line: string): boolean {
  return /^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$/.test(line);
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim());
}
