/**
 * Documents: list with metadata and index status, one document in full, upload and delete.
 * Uploads go to CORPUS_DIR/uploads/ under a sanitized name; deletes only touch files of the
 * index under CORPUS_DIR. Both re-index; queries keep running on the old index meanwhile.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Router, type Request } from "express";
import multer from "multer";
import { AppError } from "../../core/errors.js";
import type { KnowledgeBase } from "../../service/knowledge-base.js";
import { isSupportedFile, SUPPORTED_EXTENSIONS } from "../../ingest/extract.js";
import type { Indexing } from "../indexing.js";

export interface DocumentsRouteDeps {
  kb: KnowledgeBase;
  indexing: Indexing;
  /** Where documents live; without it uploads and deletes are refused. */
  corpusDir?: string;
  maxUploadBytes: number;
}

export const UPLOAD_SUBDIR = "uploads";
const MAX_NAME_CHARS = 120;

/**
 * A file name safe to create in the uploads folder: the last path component only, no control
 * or reserved characters, no leading dots, bounded length, extension kept and lower-cased.
 */
export function safeUploadName(original: string): string | undefined {
  const base = original.split(/[\\/]/).pop() ?? "";
  const ext = path.extname(base).toLowerCase();
  let stem = base.slice(0, base.length - ext.length);
  stem = stem
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*\\/]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "")
    .trim();
  if (!stem || !ext) return undefined;
  stem = [...stem].slice(0, MAX_NAME_CHARS).join("");
  return `${stem}${ext}`;
}

/** Cheap content checks so a renamed binary is refused before it reaches the indexer. */
function contentMatchesType(name: string, bytes: Buffer): boolean {
  const ext = path.extname(name).toLowerCase();
  if (ext === ".pdf") return bytes.subarray(0, 1024).includes(Buffer.from("%PDF-"));
  if (ext === ".docx") return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  // Text formats: NUL bytes mean binary, unless it is UTF-16 with a BOM.
  const head = bytes.subarray(0, 4096);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  return utf16 || !head.includes(0);
}

/** docId from the path (`/api/documents/a/b.txt`, segments or one encoded segment) or `?docId=`. */
function docIdOf(req: Request): string {
  const fromPath = (req.params as { docId?: string | string[] }).docId;
  const raw = Array.isArray(fromPath) ? fromPath.join("/") : fromPath ?? (typeof req.query.docId === "string" ? req.query.docId : "");
  if (!raw || raw.length > 1000) throw new AppError("BAD_REQUEST", 400, "请提供文档编号 docId。");
  if (raw.includes("\0") || raw.includes("\\") || raw.split("/").some((s) => s === ".." || s === "." || s === "") || path.isAbsolute(raw)) {
    throw new AppError("BAD_PATH", 400, "文档编号不合法。");
  }
  return raw;
}

function requireCorpus(dir: string | undefined): string {
  if (!dir) throw new AppError("NOT_CONFIGURED", 503, "未配置语料目录，无法上传或删除文档。");
  return dir;
}

function requireIndex(deps: DocumentsRouteDeps): void {
  if (!deps.kb.isReady()) throw new AppError("NOT_READY", 503, "知识库正在建立索引，请稍后再试。");
}

/** Resolves docId inside the corpus, following symlinks, or throws. */
async function fileInCorpus(corpusDir: string, docId: string): Promise<string> {
  const root = await realpath(corpusDir);
  const candidate = path.resolve(root, ...docId.split("/"));
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new AppError("NOT_FOUND", 404, "未找到该文档文件。");
  }
  const rel = path.relative(root, real);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) throw new AppError("BAD_PATH", 400, "只能删除语料目录中的文档。");
  return real;
}

export function documentsRouter(deps: DocumentsRouteDeps): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 5, parts: 6 },
    defParamCharset: "utf8",
  }).single("file");
  const maxMb = Math.round((deps.maxUploadBytes / 1024 / 1024) * 10) / 10;

  router.get("/", (_req, res) => {
    requireIndex(deps);
    res.json({ documents: deps.kb.documents(), status: deps.indexing.status() });
  });

  const getOne = (req: Request, res: import("express").Response) => {
    requireIndex(deps);
    const docId = docIdOf(req);
    const doc = deps.kb.document(docId);
    if (!doc) throw new AppError("NOT_FOUND", 404, "知识库中没有该文档。");
    res.json(doc);
  };
  router.get("/*docId", getOne);

  router.post("/", (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE") return next(new AppError("TOO_LARGE", 413, `文件过大：单个文件不能超过 ${maxMb} MB。`));
      if (code === "LIMIT_UNEXPECTED_FILE" || code === "LIMIT_FILE_COUNT") {
        return next(new AppError("BAD_UPLOAD", 400, "请用表单字段 file 上传一个文件。"));
      }
      if (code?.startsWith("LIMIT_")) return next(new AppError("BAD_UPLOAD", 400, "上传表单不合规范。"));
      next(new AppError("BAD_UPLOAD", 400, "上传内容无法解析，请使用 multipart/form-data。"));
    });
  });
  router.post("/", async (req, res) => {
    const corpusDir = requireCorpus(deps.corpusDir);
    const file = req.file;
    if (!file) throw new AppError("BAD_UPLOAD", 400, "请用表单字段 file 上传一个文件（multipart/form-data）。");
    const name = safeUploadName(file.originalname);
    const allowed = SUPPORTED_EXTENSIONS.join(" ");
    if (!name || !isSupportedFile(name)) {
      throw new AppError("UNSUPPORTED_TYPE", 415, `不支持的文件类型，只接受：${allowed}`);
    }
    if (file.size === 0) throw new AppError("EMPTY_FILE", 400, "文件为空。");
    if (!contentMatchesType(name, file.buffer)) {
      throw new AppError("UNSUPPORTED_TYPE", 415, `文件内容与扩展名 ${path.extname(name)} 不符。`);
    }
    requireIndex(deps);
    const dir = path.join(corpusDir, UPLOAD_SUBDIR);
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, name);
    const replaced = await stat(target).then(() => true, () => false);
    // Written under a dot-name (the indexer skips dotfiles), then renamed: never half a file.
    const temp = path.join(dir, `.upload-${randomBytes(6).toString("hex")}`);
    try {
      const fh = await open(temp, "wx");
      try {
        await fh.writeFile(file.buffer);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(temp, target);
    } catch (err) {
      // A failed write (a full disk, most likely) must not leave up to MAX_UPLOAD_MB behind in a file nobody sees.
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    const docId = `${UPLOAD_SUBDIR}/${name}`;
    const report = await deps.indexing.reindex();
    const fileError = report.errors.find((e) => e.relPath === docId);
    if (fileError) {
      if (!replaced) {
        await unlink(target).catch(() => undefined);
        await deps.indexing.reindex();
      }
      throw new AppError("UNREADABLE", 422, `文件无法读取：${fileError.message}`);
    }
    res.status(201).json({ docId, replaced, report });
  });

  const deleteOne = async (req: Request, res: import("express").Response) => {
    const corpusDir = requireCorpus(deps.corpusDir);
    const docId = docIdOf(req);
    requireIndex(deps);
    if (!deps.kb.knowsFile(docId)) throw new AppError("NOT_FOUND", 404, "知识库中没有该文档。");
    const file = await fileInCorpus(corpusDir, docId);
    await unlink(file);
    const report = await deps.indexing.reindex();
    res.json({ docId, deleted: true, report });
  };
  router.delete("/", deleteOne);
  router.delete("/*docId", deleteOne);
  return router;
}
