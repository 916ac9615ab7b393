/**
 * Renders an answer for a messenger: the answer text, then numbered sources (title, date, section,
 * a quote excerpt and a link to the chat page's view when a public base URL is set), within the
 * messenger's size limit. Pure.
 *
 * Cuts never split a number: the answer is cut after a citation marker or the end of a sentence,
 * quotes after a clause, and a note says what was left out.
 */
import type { Answer, Citation } from "../core/types.js";
import { sourceLink } from "../core/source-link.js";

export interface FormatOptions {
  style: "markdown" | "text";
  /** Size limit of one message. */
  limit: number;
  /** How the limit is measured: UTF-8 bytes (WeCom, Feishu) or characters (DingTalk). */
  unit: "bytes" | "chars";
  publicBaseUrl?: string;
  /** Longest quote excerpt per source, in characters. @default 80 */
  quoteChars?: number;
}

export function measure(text: string, unit: FormatOptions["unit"]): number {
  return unit === "bytes" ? Buffer.byteLength(text, "utf8") : [...text].length;
}

/** Characters that may not be separated from each other by a cut: a number and its unit. */
const NUMERIC = /[0-9０-９.．,，%％‰万亿千百十〇零一二三四五六七八九两元]/;

/**
 * The longest prefix of `text` of at most `max` characters that ends on a clause boundary, or,
 * failing one in the second half, one that does not split a number.
 */
export function safeCut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max);
  for (let i = head.length - 1; i >= Math.floor(max / 2); i--) {
    if ("。；;！？!?，、：:）)”".includes(head[i]!)) return head.slice(0, i + 1).join("");
  }
  let end = head.length;
  while (end > 0 && NUMERIC.test(chars[end]!) && NUMERIC.test(chars[end - 1]!)) end--;
  return head.slice(0, end).join("");
}

/**
 * The longest prefix of an answer within `fits` that ends right after a citation marker ("…。[1]")
 * or a sentence end; "" when there is none.
 */
export function cutAnswer(text: string, fits: (s: string) => boolean): string {
  const boundaries: number[] = [];
  const re = /(\[\d+\])+|[。！？!?](?!\[\d)|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) boundaries.push(m.index + m[0].length);
  for (let i = boundaries.length - 1; i >= 0; i--) {
    const prefix = text.slice(0, boundaries[i]).trimEnd();
    if (fits(prefix)) return prefix;
  }
  return "";
}

function sourceLines(c: Citation, o: FormatOptions, withQuote: boolean): string {
  const head = `[${c.n}] 《${c.title}》${c.date ? ` ${c.date}` : ""}${c.section ? ` · ${c.section}` : ""}`;
  const lines = [o.style === "markdown" ? head.replace(/^\[(\d+)\]/, "**[$1]**") : head];
  if (withQuote && c.quote) {
    const excerpt = safeCut(c.quote.replace(/\s+/g, " ").trim(), o.quoteChars ?? 80);
    const quote = `“${excerpt}${excerpt.length < c.quote.trim().length ? "……" : ""}”`;
    lines.push(o.style === "markdown" ? `> ${quote}` : quote);
  }
  if (o.publicBaseUrl) {
    const url = sourceLink(o.publicBaseUrl, c);
    lines.push(o.style === "markdown" ? `[查看原文](${url})` : `原文：${url}`);
  }
  return lines.join("\n");
}

export function formatAnswer(answer: Answer, o: FormatOptions): string {
  const fits = (s: string) => measure(s, o.unit) <= o.limit;
  const sources = answer.refused ? (answer.nearest ?? []) : answer.citations;
  const heading = answer.refused ? "最接近的原文（仅供参考，不是答案）：" : "来源：";
  const headingLine = o.style === "markdown" ? `**${heading}**` : heading;
  const body = answer.answer.trim();
  const join = (text: string, rendered: string[], note?: string) =>
    [text, ...(rendered.length ? ["", headingLine, ...rendered] : []), ...(note ? ["", note] : [])].join("\n");

  const full = sources.map((c) => sourceLines(c, o, true));
  if (fits(join(body, full))) return join(body, full);

  // Fewer sources, then sources without quotes, each time saying how many were left out.
  for (const withQuote of [true, false]) {
    const rendered = sources.map((c) => sourceLines(c, o, withQuote));
    for (let k = rendered.length; k >= 1; k--) {
      const left = sources.length - k;
      const note = left
        ? `（另有 ${left} 条来源未列出，完整内容请在网页版查看。）`
        : withQuote
          ? undefined
          : "（原文摘录从略，完整内容请在网页版查看。）";
      const text = join(body, rendered.slice(0, k), note);
      if (fits(text)) return text;
    }
  }

  // The answer itself is too long: cut it after a citation or a sentence, keep the first source.
  const first = sources.length ? [sourceLines(sources[0]!, o, false)] : [];
  const note = "（回答过长，已截断；完整回答和全部来源请在网页版查看。）";
  const cut = cutAnswer(body, (prefix) => fits(join(`${prefix}……`, first, note)));
  if (cut) return join(`${cut}……`, first, note);
  const room = Math.max(1, Math.floor((o.limit - measure(note, o.unit) - 8) / (o.unit === "bytes" ? 3 : 1)));
  return `${safeCut(body, room)}……\n\n${note}`;
}
