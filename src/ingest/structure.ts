/**
 * Section structure of an official document. Pure.
 *
 * - Sections tile the whole text in document order: each starts where the previous ends.
 *   Several sections may share a path (e.g. the paragraph after a 一是/二是 run).
 * - Text before the first heading (notice, title, 文号, addressee, opening) has path [].
 * - Closing matter (再次感谢, 专此答复, signature, date, 公开方式, 抄送) after a heading
 *   section also gets path [], so it is not filed under the last numbered item; a later
 *   heading (e.g. 附件 with its own numbering) resumes normal nesting.
 * - Marker types nest in the order first seen; a type seen before pops back to its level.
 * - Inside an article (第N条), each paragraph after the first is a 款 heading one level below.
 * - 一是/二是… items in a paragraph become sub-sections one level below the current path.
 * Blocks: one per non-blank line (or per 一是 piece), table rows flagged tableRow.
 */
import type { Block, Heading, Section } from "../core/types.js";
import { isClosingLine } from "./closing.js";
import { matchHeading, paragraphHeading, type MarkerType } from "./headings.js";
import { splitRuns } from "./runs.js";
import type { Span } from "../text/sentences.js";

type EntryType = MarkerType | "kuan";
interface Line {
  /** Raw line start (sections begin here) and trimmed content span (blocks use it). */
  lineStart: number;
  start: number;
  end: number;
  content: string;
}

const NOTICE_LINE = /^[【［[].*[】］\]]$/;

export function parseStructure(text: string, tableRows: Span[]): { sections: Section[]; blocks: Block[] } {
  const builder = new StructureBuilder(text, new Set(tableRows.map((r) => r.start)));
  const lines = splitLines(text);
  lines.forEach((line, i) => builder.add(line, lines[i + 1]?.content));
  return builder.result();
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const raw of text.split("\n")) {
    const lead = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (content !== "") lines.push({ lineStart: pos, start: pos + lead, end: pos + lead + content.length, content });
    pos += raw.length + 1;
  }
  return lines;
}

class StructureBuilder {
  private sections: Section[] = [{ path: [], start: 0, end: 0 }];
  private blocks: Block[] = [];
  private stack: Array<{ type: EntryType; heading: Heading }> = [];
  private topCount = 0;
  private paragraphCount = 0;
  private titleSeen = false;
  private closing = false;
  /** The current section is a 一是 item, so a following paragraph needs its parent path back. */
  private inRun = false;

  constructor(
    private readonly text: string,
    private readonly tableRowStarts: Set<number>,
  ) {}

  add(line: Line, next: string | undefined): void {
    if (this.tableRowStarts.has(line.start)) return this.block(line.start, line.end, true);
    if (!this.titleSeen) {
      this.titleSeen = !NOTICE_LINE.test(line.content);
      return this.block(line.start, line.end);
    }
    const heading = matchHeading(line.content, this.topCount);
    if (heading) return this.addHeading(line, heading.type, { label: heading.label, title: heading.title, level: 0 });
    if (this.closing || (this.stack.length > 0 && isClosingLine(line.content, next))) {
      if (!this.closing) this.open([], line.lineStart);
      this.closing = true;
      return this.block(line.start, line.end);
    }
    const top = this.stack[this.stack.length - 1]?.type;
    if (top === "article" || top === "kuan") {
      this.paragraphCount++;
      return this.addHeading(line, "kuan", paragraphHeading(this.paragraphCount, 0));
    }
    if (this.inRun) this.open(this.path(), line.lineStart);
    this.paragraph(line);
  }

  result(): { sections: Section[]; blocks: Block[] } {
    this.sections[this.sections.length - 1].end = this.text.length;
    return { sections: this.sections, blocks: this.blocks };
  }

  private addHeading(line: Line, type: EntryType, heading: Heading): void {
    const at = this.stack.findIndex((e) => e.type === type);
    if (at >= 0) this.stack.length = at;
    this.stack.push({ type, heading: { ...heading, level: this.stack.length + 1 } });
    if (type === "cn") this.topCount++;
    if (type === "article") this.paragraphCount = 1;
    this.closing = false;
    this.open(this.path(), line.lineStart);
    this.paragraph(line);
  }

  /** One block per line, or per piece when the line holds a 一是/二是 run. */
  private paragraph(line: Line): void {
    this.inRun = false;
    for (const piece of splitRuns(this.text, line.start, line.end)) {
      if (piece.run) {
        const level = this.stack.length + 1;
        this.open([...this.path(), { label: piece.run.label, title: piece.run.title, level }], piece.start);
        this.inRun = true;
      }
      this.block(piece.start, piece.end);
    }
  }

  private path(): Heading[] {
    return this.stack.map((e) => e.heading);
  }

  /** Start a new section at `at`, closing the current one there (an empty one is replaced). */
  private open(path: Heading[], at: number): void {
    const current = this.sections[this.sections.length - 1];
    const hasBlocks = this.blocks[this.blocks.length - 1]?.sectionIndex === this.sections.length - 1;
    if (current.start === at && !hasBlocks) {
      current.path = path;
      return;
    }
    current.end = at;
    this.sections.push({ path, start: at, end: at });
  }

  private block(start: number, end: number, tableRow = false): void {
    const b: Block = { start, end, sectionIndex: this.sections.length - 1 };
    if (tableRow) b.tableRow = true;
    this.blocks.push(b);
  }
}
