/**
 * Bytes → string for plain-text formats. Chinese government files arrive as UTF-8 (with or
 * without BOM), UTF-16 from Windows tools, or GBK/GB18030 from older systems.
 */
import chardet from "chardet";
import iconv from "iconv-lite";
import { IngestError } from "./errors.js";

/** Share of control characters above which a file is treated as binary. */
const MAX_CONTROL_SHARE = 0.1;
/** chardet confidence needed before we trust a guess other than GB18030. */
const MIN_CONFIDENCE = 90;

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5";

/** Decode file bytes into text; throws IngestError EMPTY or BINARY. The BOM is dropped. */
export function decodeText(bytes: Buffer, fileName?: string): string {
  return decodeWithEncoding(bytes, fileName).text;
}

/** Like decodeText, also reporting the encoding that was used (for diagnostics and tests). */
export function decodeWithEncoding(bytes: Buffer, fileName?: string): { text: string; encoding: TextEncoding } {
  if (bytes.length === 0) throw new IngestError("EMPTY", fileName);
  const bom = decodeByBom(bytes);
  if (bom) return bom;
  const encoding = detectEncoding(bytes, fileName);
  return { text: iconv.decode(bytes, encoding), encoding };
}

function decodeByBom(bytes: Buffer): { text: string; encoding: TextEncoding } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString("utf8"), encoding: "utf-8" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), "utf-16le"), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes.subarray(2), "utf-16be"), encoding: "utf-16be" };
  }
  return undefined;
}

function detectEncoding(bytes: Buffer, fileName?: string): TextEncoding {
  // Valid UTF-8 without NUL bytes is UTF-8 (UTF-16 text has NULs or invalid sequences): most
  // corpora are, and guessing costs more than reading the file.
  if (!bytes.includes(0) && isValidUtf8(bytes)) {
    if (looksBinary(bytes)) throw new IngestError("BINARY", fileName);
    return "utf-8";
  }
  const guess = confidentGuess(bytes);
  // UTF-16 without BOM legitimately contains NUL bytes; anything else with NULs is binary.
  if (guess === "utf-16le" || guess === "utf-16be") return guess;
  if (looksBinary(bytes)) throw new IngestError("BINARY", fileName);
  if (isValidUtf8(bytes)) return "utf-8";
  return guess === "big5" ? "big5" : "gb18030";
}

function confidentGuess(bytes: Buffer): TextEncoding | undefined {
  const top = chardet.analyse(bytes.subarray(0, 64 * 1024))[0];
  if (!top || top.confidence < MIN_CONFIDENCE) return undefined;
  const name = top.name.toLowerCase();
  if (name === "utf-16le" || name === "utf-16be" || name === "big5") return name;
  return undefined;
}

/** NUL bytes or many C0 control characters (other than tab, CR, LF, FF) mean "not text". */
export function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control / sample.length > MAX_CONTROL_SHARE;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
