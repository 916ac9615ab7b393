/**
 * Incremental sentence segmentation of streamed model output. A sentence is released only
 * once nothing later in the stream can change it: its closing punctuation is followed by
 * more text, and any citation markers written after the full stop ("。[1]") have arrived.
 */
import { splitSentences, type Span } from "../text/sentences.js";
import { isPartialMarker, leadingMarkersLength } from "./citation-parse.js";

export interface Segment {
  /** Whitespace between the previous sentence and this one (line breaks matter for layout). */
  gap: string;
  /** The sentence, including markers that followed its full stop. */
  body: string;
}

/**
 * Take the complete sentences off the front of `buffer`. With `final` (the stream ended)
 * everything is taken. `rest` is the text to keep buffering.
 */
export function takeSentences(buffer: string, final: boolean): { segments: Segment[]; rest: string } {
  const spans: Span[] = [];
  for (const s of splitSentences(buffer)) {
    const prev = spans[spans.length - 1];
    const sameLine = prev !== undefined && !buffer.slice(prev.end, s.start).includes("\n");
    const lead = sameLine ? leadingMarkersLength(buffer.slice(s.start, s.end)) : 0;
    if (lead === 0) {
      spans.push({ ...s });
      continue;
    }
    // Markers opening a sentence were written after the previous one's full stop.
    prev.end = s.start + lead;
    let start = prev.end;
    while (start < s.end && /\s/.test(buffer[start])) start++;
    if (start < s.end) spans.push({ start, end: s.end });
  }

  let take = spans.length;
  if (!final && take > 0) {
    // The last sentence may still grow; if it is only the beginning of a marker ("[", "[1"),
    // that marker may belong to the sentence before, so hold that one too.
    take--;
    const last = spans[take];
    if (take > 0 && isPartialMarker(buffer.slice(last.start, last.end))) {
      const prev = spans[take - 1];
      if (!buffer.slice(prev.end, last.start).includes("\n")) take--;
    }
  }

  const segments: Segment[] = [];
  let pos = 0;
  for (const s of spans.slice(0, take)) {
    segments.push({ gap: buffer.slice(pos, s.start), body: buffer.slice(s.start, s.end) });
    pos = s.end;
  }
  return { segments, rest: final ? "" : buffer.slice(pos) };
}

const THINK_OPEN = "<think>";
const THINK_CLOSE = "</think>";

/**
 * Drops a reasoning block that opens the output (<think>…</think>), as some OpenAI-compatible
 * servers put a reasoning model's deliberation into the content. It is not part of the answer
 * and must not be shown or checked as one.
 */
export class ThinkFilter {
  private head = "";
  private state: "start" | "thinking" | "answer" = "start";

  /** Feed output; returns what belongs to the answer so far. */
  push(text: string): string {
    if (this.state === "answer") return text;
    this.head += text;
    if (this.state === "start") {
      const trimmed = this.head.trimStart();
      if (THINK_OPEN.startsWith(trimmed)) return ""; // could still become <think>
      if (!trimmed.startsWith(THINK_OPEN)) {
        this.state = "answer";
        const out = this.head;
        this.head = "";
        return out;
      }
      this.state = "thinking";
    }
    const close = this.head.indexOf(THINK_CLOSE);
    if (close < 0) return "";
    this.state = "answer";
    const out = this.head.slice(close + THINK_CLOSE.length).trimStart();
    this.head = "";
    return out;
  }

  /** The stream ended: an unfinished reasoning block holds no answer; a bare prefix is text. */
  finish(): string {
    const out = this.state === "start" ? this.head : "";
    this.head = "";
    this.state = "answer";
    return out;
  }
}
