/**
 * Citation markers in model output. Models write [1], [1][2], [1, 2], ［1］ or 【1】; all are
 * read, and rewritten as canonical [n]. Only 1–3 digit numbers count, so a document number
 * written as 深工信规[2019]3号 is left alone.
 */

/** One marker group and the passage numbers it names, in written order. */
export interface MarkerGroup {
  start: number;
  end: number;
  numbers: number[];
}

const NUM = "[0-9０-９]{1,3}";
const SEP = "\\s*[,，、]\\s*";
const GROUP_SOURCE = `[\\[［【]\\s*${NUM}(?:${SEP}${NUM})*\\s*[\\]］】]`;
const GROUP = new RegExp(GROUP_SOURCE, "g");
/** Marker groups, possibly separated by spaces, at the very end of a text. */
const TRAILING_GROUPS = new RegExp(`((?:\\s*${GROUP_SOURCE})+)\\s*$`);
/** Groups at the very start of a text. */
const LEADING_GROUPS = new RegExp(`^(?:\\s*${GROUP_SOURCE})+`);
/** The start of a marker that more text could complete: "[", "[1", "【1，". */
const PARTIAL_GROUP = /^[[［【][\s0-9０-９,，、]*$/;
/** Sentence-final punctuation, with closing quotes or brackets, at the end of a text. */
const FINAL_PUNCT = /[。！？；!?;]+[”’」』）)】》"']*$/;

function toAscii(digits: string): number {
  return Number(digits.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
}

export function parseMarkerGroups(text: string): MarkerGroup[] {
  return [...text.matchAll(GROUP)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    numbers: (m[0].match(/[0-9０-９]{1,3}/g) ?? []).map(toAscii),
  }));
}

/** Text without any marker group (for fact extraction and similarity). */
export function stripMarkers(text: string): string {
  return text.replace(GROUP, "");
}

/** Length of the marker groups that open `text` (0 if none). */
export function leadingMarkersLength(text: string): number {
  return LEADING_GROUPS.exec(text)?.[0].length ?? 0;
}

/** True when `text` could still grow into a marker group. */
export function isPartialMarker(text: string): boolean {
  return PARTIAL_GROUP.test(text);
}

/** "……500万元。[1]" → "……500万元[1]。": markers placed after the full stop belong to the sentence. */
export function moveMarkersBeforeFinalPunct(sentence: string): string {
  const trailing = TRAILING_GROUPS.exec(sentence);
  if (!trailing) return sentence;
  const head = sentence.slice(0, trailing.index);
  const punct = FINAL_PUNCT.exec(head);
  if (!punct) return sentence;
  return head.slice(0, punct.index) + trailing[1].replace(/\s+/g, "") + punct[0];
}

/** Insert `markers` before the sentence's final punctuation (or at its end). */
export function appendMarkers(sentence: string, markers: string): string {
  const punct = FINAL_PUNCT.exec(sentence);
  return punct ? sentence.slice(0, punct.index) + markers + punct[0] : sentence + markers;
}

/**
 * Rewrite every group through `map` (old number → new number, or undefined to drop it).
 * Duplicates within a group are removed; a group left empty disappears.
 */
export function rewriteMarkers(text: string, map: (n: number) => number | undefined): string {
  return text.replace(GROUP, (g) => {
    const out: number[] = [];
    for (const d of g.match(/[0-9０-９]{1,3}/g) ?? []) {
      const n = map(toAscii(d));
      if (n !== undefined && !out.includes(n)) out.push(n);
    }
    return out.map((n) => `[${n}]`).join("");
  });
}
