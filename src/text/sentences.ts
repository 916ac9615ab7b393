/**
 * Sentence boundaries for Chinese official writing. A sentence ends at 。！？； (or their
 * half-width forms ! ? ;) together with any closing quotes or brackets that follow, or at
 * a line break. Chunks and quotes are built from these spans so nothing is cut mid-sentence.
 */
export interface Span {
  start: number;
  end: number;
}

const SENTENCE_END = new Set(["。", "！", "？", "；", "!", "?", ";"]);
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", "】", "》", '"', "'"]);

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\u3000" || ch === "\r" || ch === "\u00a0";
}

/**
 * Split text[start, end) into sentence spans, trimmed of surrounding whitespace.
 * Empty sentences are dropped. Spans are absolute offsets into `text`.
 */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  const spans: Span[] = [];
  let s = start;
  const push = (a: number, b: number) => {
    while (a < b && (isSpace(text[a]) || text[a] === "\n")) a++;
    while (b > a && (isSpace(text[b - 1]) || text[b - 1] === "\n")) b--;
    if (b > a) spans.push({ start: a, end: b });
  };
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (ch === "\n") {
      push(s, i);
      s = i + 1;
    } else if (SENTENCE_END.has(ch)) {
      let j = i + 1;
      while (j < end && (CLOSERS.has(text[j]) || SENTENCE_END.has(text[j]))) j++;
      push(s, j);
      s = j;
      i = j - 1;
    }
  }
  push(s, end);
  return spans;
}
