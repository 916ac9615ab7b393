/**
 * File bytes → plain text plus the spans of rendered table rows. Dispatches on the
 * extension; every failure is an IngestError with a code the indexer can report.
 * Text is kept as the document's own characters (no NFKC) so quotes and offsets match.
 */
import { extname } from "node:path";
import { decodeText } from "./decode.js";
import { extractMarkdown } from "./extract-markdown.js";
import { IngestError } from "./errors.js";
import { normalizeNewlines, type Extracted } from "./text-builder.js";

export type { Extracted } from "./text-builder.js";

/** Extensions extractText understands (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"] as const;

export function isSupportedFile(fileName: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(fileName).toLowerCase());
}

export async function extractText(fileName: string, bytes: Buffer): Promise<Extracted> {
  const ext = extname(fileName).toLowerCase();
  if (!isSupportedFile(fileName)) throw new IngestError("UNSUPPORTED", fileName, { detail: ext || "无扩展名" });
  if (bytes.length === 0) throw new IngestError("EMPTY", fileName);
  const result = await extractByExtension(ext, fileName, bytes);
  if (result.text.trim() === "") throw new IngestError(ext === ".pdf" ? "NO_TEXT" : "EMPTY", fileName);
  return result;
}

/**
 * The Word, PDF and HTML parsers are imported on their first file: loading them (pdf.js above all)
 * costs a process that updates the index for one changed text file most of its start-up.
 */
async function extractByExtension(ext: string, fileName: string, bytes: Buffer): Promise<Extracted> {
  switch (ext) {
    case ".docx":
      return (await import("./extract-docx.js")).extractDocx(bytes, fileName);
    case ".pdf":
      return (await import("./extract-pdf.js")).extractPdf(bytes, fileName);
    case ".html":
    case ".htm":
      return (await import("./extract-html.js")).extractHtml(decodeText(bytes, fileName));
    case ".md":
    case ".markdown":
      return extractMarkdown(decodeText(bytes, fileName));
    default:
      return { text: normalizeNewlines(decodeText(bytes, fileName)), tableRows: [] };
  }
}
