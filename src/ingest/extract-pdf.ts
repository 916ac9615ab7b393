/**
 * Text PDFs → lines via pdfjs-dist. Text items are grouped into visual lines by their
 * baseline; a wrapped line (reaching the right margin without ending a sentence) is joined
 * to the next so that sentences are not cut by the layout.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { IngestError } from "./errors.js";
import { TextBuilder, type Extracted } from "./text-builder.js";
import { joinItems, type PositionedItem } from "./pdf-lines.js";

export async function extractPdf(bytes: Buffer, fileName?: string): Promise<Extracted> {
  const doc = await openPdf(bytes, fileName);
  const out = new TextBuilder();
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items = (content.items as Array<Partial<PositionedItem>>).filter(
        (i): i is PositionedItem => typeof i.str === "string" && Array.isArray(i.transform),
      );
      for (const line of joinItems(items)) out.line(line);
      page.cleanup();
    }
  } catch (cause) {
    throw new IngestError("CORRUPT", fileName, { cause });
  } finally {
    await doc.destroy();
  }
  const result = out.build();
  if (result.text.trim() === "") throw new IngestError("NO_TEXT", fileName);
  return result;
}

async function openPdf(bytes: Buffer, fileName?: string) {
  try {
    // pdfjs takes ownership of (detaches) the buffer it is given, so pass a copy.
    const task = getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    });
    return await task.promise;
  } catch (cause) {
    throw new IngestError("CORRUPT", fileName, { cause });
  }
}
