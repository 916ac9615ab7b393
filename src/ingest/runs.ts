/**
 * 一是……二是……三是…… runs inside a paragraph. Each run item becomes a sub-section so a
 * chunk can start at "二是" and its citation can say which item it quotes.
 */
import { toChineseNumber } from "../text/chinese-numerals.js";
import { splitSentences } from "../text/sentences.js";

export interface Piece {
  start: number;
  end: number;
  /** Set for a run item: label "一是", short title. */
  run?: { label: string; title: string };
}

const RUN_TITLE_MAX = 20;

/** Split text[start, end) into a lead piece and one piece per 一是/二是… item (in sequence). */
export function splitRuns(text: string, start: number, end: number): Piece[] {
  const cuts: Array<{ at: number; label: string; title: string }> = [];
  for (const s of splitSentences(text, start, end)) {
    const label = `${toChineseNumber(cuts.length + 1)}是`;
    if (text.startsWith(label, s.start)) {
      cuts.push({ at: s.start, label, title: runTitle(text.slice(s.start + label.length, s.end)) });
    }
  }
  if (cuts.length === 0) return [{ start, end }];
  const pieces: Piece[] = [];
  if (cuts[0].at > start) pieces.push({ start, end: trimEnd(text, start, cuts[0].at) });
  cuts.forEach((c, i) => {
    const to = i + 1 < cuts.length ? trimEnd(text, c.at, cuts[i + 1].at) : end;
    pieces.push({ start: c.at, end: to, run: { label: c.label, title: c.title } });
  });
  return pieces;
}

/** Up to the first clause break, at most RUN_TITLE_MAX characters. */
function runTitle(s: string): string {
  const cut = s.search(/[。，；：,;:！？]/);
  return (cut < 0 ? s : s.slice(0, cut)).trim().slice(0, RUN_TITLE_MAX);
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
