/**
 * Pure layout logic for PDF text: positioned text items → logical lines. Kept apart from
 * pdfjs so it can be tested with hand-made items.
 */

/** The fields of a pdfjs TextItem we use. transform = [a, b, c, d, x, y]. */
export interface PositionedItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export interface PdfLine {
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
}

const SENTENCE_END = /[。！？；：:!?;」”）)]$/;
const HEADING_START =
  /^(第[一二三四五六七八九十百零〇]+[章节条]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)/;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** Group items of one page into visual lines, then join lines that were wrapped by layout. */
export function joinItems(items: PositionedItem[]): string[] {
  const lines = groupLines(items.filter((i) => i.str !== ""));
  if (lines.length === 0) return [];
  const maxRight = Math.max(...lines.map((l) => l.right));
  const out: string[] = [];
  let prev: PdfLine | undefined;
  for (const line of lines) {
    if (prev && isWrapped(prev, line, maxRight)) {
      out[out.length - 1] += glue(out[out.length - 1], line.text);
    } else {
      out.push(line.text);
    }
    prev = line;
  }
  return out.map((l) => l.trimEnd());
}

export function groupLines(items: PositionedItem[]): PdfLine[] {
  const sorted = [...items].sort((a, b) => b.transform[5] - a.transform[5] || a.transform[4] - b.transform[4]);
  const groups: PositionedItem[][] = [];
  for (const item of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(last[0].transform[5] - item.transform[5]) < sizeOf(last[0]) * 0.5) last.push(item);
    else groups.push([item]);
  }
  return groups.map(toLine).filter((l) => l.text.trim() !== "");
}

function toLine(group: PositionedItem[]): PdfLine {
  const items = [...group].sort((a, b) => a.transform[4] - b.transform[4]);
  let text = "";
  let end = items[0].transform[4];
  for (const item of items) {
    const gap = item.transform[4] - end;
    if (text && gap > sizeOf(item) * 0.3 && !text.endsWith(" ") && !item.str.startsWith(" ")) {
      text += needsSpace(text, item.str) ? " " : "";
    }
    text += item.str;
    end = Math.max(end, item.transform[4] + item.width);
  }
  return { text, left: items[0].transform[4], right: end, y: items[0].transform[5], size: sizeOf(items[0]) };
}

function isWrapped(prev: PdfLine, line: PdfLine, maxRight: number): boolean {
  const reachesMargin = prev.right >= maxRight - prev.size * 1.5;
  const closeBelow = prev.y - line.y < prev.size * 2;
  return reachesMargin && closeBelow && !SENTENCE_END.test(prev.text.trim()) && !HEADING_START.test(line.text.trim());
}

function glue(before: string, after: string): string {
  return needsSpace(before, after) ? ` ${after}` : after;
}

/** Latin words need a space between them; CJK text does not. */
function needsSpace(before: string, after: string): boolean {
  const a = before.trimEnd().slice(-1);
  const b = after.trimStart().charAt(0);
  return a !== "" && b !== "" && !CJK.test(a) && !CJK.test(b);
}

function sizeOf(item: PositionedItem): number {
  return item.height || Math.hypot(item.transform[2], item.transform[3]) || 10;
}
