/**
 * Accumulates extracted lines and remembers where table rows landed, so every format's
 * extractor produces the same { text, tableRows } shape with exact offsets.
 */
import type { Span } from "../text/sentences.js";

export interface Extracted {
  text: string;
  /** Spans of lines that are rendered table rows; a chunk never splits them. */
  tableRows: Span[];
}

export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  private rows: Span[] = [];

  /** Append one line. Blank lines are kept only as single separators. */
  line(text: string): void {
    if (text.trim() === "") {
      if (this.parts.length > 0 && this.parts[this.parts.length - 1] !== "") this.push("");
      return;
    }
    this.push(text);
  }

  /** Append a table row line and record its span. */
  tableRow(text: string): void {
    if (text.trim() === "") return;
    const start = this.push(text);
    this.rows.push({ start, end: start + text.length });
  }

  build(): Extracted {
    const parts = [...this.parts];
    while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    return { text: parts.join("\n"), tableRows: this.rows };
  }

  /** Returns the offset where the line starts. */
  private push(text: string): number {
    const start = this.parts.length === 0 ? 0 : this.length + 1;
    this.length = start + text.length;
    this.parts.push(text);
    return start;
  }
}

/**
 * Render table rows as self-contained lines: "header：cell；header：cell". A figure must
 * never be separated from what it measures, so every data row repeats the header names.
 * The first row is taken as the header when the table has more than one row.
 */
export function renderTable(rows: string[][]): string[] {
  const cleaned = rows.map((r) => r.map((c) => c.replace(/\s+/g, " ").trim())).filter((r) => r.some((c) => c !== ""));
  if (cleaned.length === 0) return [];
  if (cleaned.length === 1) return [cleaned[0].filter((c) => c !== "").join("；")];
  const [header, ...body] = cleaned;
  return body.map((row) => renderRow(header, row)).filter((l) => l !== "");
}

function renderRow(header: string[], row: string[]): string {
  const cells: string[] = [];
  row.forEach((cell, i) => {
    if (cell === "") return;
    const name = header[i] ?? "";
    cells.push(name && name !== cell ? `${name}：${cell}` : cell);
  });
  return cells.join("；");
}

/** \r\n and lone \r (old Mac, some exports) become \n; form feeds (page breaks) too. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\f/g, "\n");
}
