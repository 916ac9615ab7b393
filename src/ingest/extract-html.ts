/**
 * HTML → lines. Block elements become lines, scripts and styles are dropped, and tables are
 * rendered row by row with their header (see renderTable). Also used for .docx, which
 * mammoth converts to HTML first so that its tables are visible.
 */
import * as cheerio from "cheerio";
import { TextBuilder, normalizeNewlines, renderTable, type Extracted } from "./text-builder.js";

/** The few DOM fields we need; cheerio's node types live in a transitive dependency. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

const DROPPED = new Set(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]);
const BLOCKS = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "nav",
  "aside",
  "blockquote",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "pre",
  "hr",
  "figure",
  "figcaption",
  "caption",
  "address",
  "center",
  "form",
  "fieldset",
  "body",
  "html",
]);

export function extractHtml(html: string): Extracted {
  const $ = cheerio.load(normalizeNewlines(html));
  const out = new LineWriter();
  for (const node of ($.root()[0] as unknown as DomNode).children ?? []) walk(node, out, false);
  out.flush();
  return out.builder.build();
}

/** Collects inline text into the current line; blocks flush it. */
class LineWriter {
  readonly builder = new TextBuilder();
  private current = "";

  text(s: string): void {
    this.current += s;
  }

  /** Ends the current line; an empty one adds nothing, so nested blocks make no blank lines. */
  flush(): void {
    if (this.current.trim() === "") {
      this.current = "";
      return;
    }
    for (const line of this.current.split("\n")) this.builder.line(line.trim());
    this.current = "";
  }
}

function walk(node: DomNode, out: LineWriter, pre: boolean): void {
  if (node.type === "text") {
    out.text(pre ? (node.data ?? "") : collapse(node.data ?? ""));
    return;
  }
  if (node.type !== "tag" && node.type !== "root") return;
  const name = node.name ?? "";
  if (DROPPED.has(name)) return;
  if (name === "br") return void out.text("\n");
  if (name === "table") {
    out.flush();
    for (const row of renderTable(tableCells(node))) out.builder.tableRow(row);
    return;
  }
  const block = BLOCKS.has(name);
  if (block) out.flush();
  for (const child of node.children ?? []) walk(child, out, pre || name === "pre");
  if (block) out.flush();
}

/** HTML whitespace rules: runs collapse to one space; a leading space at line start is noise. */
function collapse(s: string): string {
  return s.replace(/[ \t\n]+/g, " ");
}

/** Rows of cell texts, ignoring nested tables' own structure (their text stays in the cell). */
function tableCells(table: DomNode): string[][] {
  const rows: string[][] = [];
  const visit = (n: DomNode) => {
    if (n.type !== "tag") return;
    if (n.name === "tr") rows.push(rowCells(n));
    else for (const c of n.children ?? []) visit(c);
  };
  for (const c of table.children ?? []) visit(c);
  return rows;
}

function rowCells(tr: DomNode): string[] {
  return (tr.children ?? [])
    .filter((c) => c.type === "tag" && (c.name === "td" || c.name === "th"))
    .map((c) => textOf(c).trim());
}

function textOf(node: DomNode): string {
  if (node.type === "text") return collapse(node.data ?? "");
  if (node.type === "tag" && DROPPED.has(node.name ?? "")) return "";
  const inner = (node.children ?? []).map(textOf).join("");
  return node.type === "tag" && BLOCKS.has(node.name ?? "") ? ` ${inner} ` : inner;
}
