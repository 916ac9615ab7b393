/**
 * Path rules of the corpus folder: which relative paths may name a file in it (document ids are
 * these paths), and the safe name an uploaded file gets in the uploads folder.
 */
import path from "node:path";
import { AppError } from "../core/errors.js";

/** The folder under CORPUS_DIR where uploads are written. */
export const UPLOAD_DIR = "uploads";
/**
 * Longest upload name in UTF-8 bytes (file systems allow 255 per name; a little is kept spare).
 * About 80 Chinese characters.
 */
export const MAX_NAME_BYTES = 240;

/**
 * Whether a path relative to the corpus folder stays inside it by its spelling: forward slashes,
 * no empty, "." or ".." segments, no backslash or NUL, not absolute. (Symlinks are checked when
 * the file is opened, see CorpusFolder.)
 */
export function isSafeRelPath(relPath: string): boolean {
  if (!relPath || relPath.includes("\0") || relPath.includes("\\") || path.isAbsolute(relPath)) return false;
  return relPath.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

/** The path itself when it is safe, else a 400 with a message users can read. */
export function checkRelPath(relPath: string): string {
  if (!isSafeRelPath(relPath)) throw new AppError("BAD_PATH", "文档编号不合法。");
  return relPath;
}

/**
 * A file name safe to create in the uploads folder: the last path component only, in NFC, no
 * control or reserved characters, no leading dots, extension kept and lower-cased. Its length is
 * checked by checkUpload (MAX_NAME_BYTES), never cut silently.
 */
export function safeUploadName(original: string): string | undefined {
  const base = (original.split(/[\\/]/).pop() ?? "").normalize("NFC");
  const ext = path.extname(base).toLowerCase();
  let stem = base.slice(0, base.length - ext.length);
  stem = stem
    // Control characters are exactly what this strips from uploaded names.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*\\/]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "")
    .trim();
  if (!stem || !ext) return undefined;
  return `${stem}${ext}`;
}
