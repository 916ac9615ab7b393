/** .docx → lines: mammoth renders HTML (keeping tables), which the HTML walker turns into lines. */
import mammoth from "mammoth";
import { IngestError } from "./errors.js";
import { extractHtml } from "./extract-html.js";
import type { Extracted } from "./text-builder.js";

export async function extractDocx(bytes: Buffer, fileName?: string): Promise<Extracted> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (cause) {
    throw new IngestError("CORRUPT", fileName, { cause });
  }
  return extractHtml(html);
}
