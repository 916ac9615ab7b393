/**
 * Documents: list with metadata and index status, one document in full, upload and delete.
 * The route parses requests and answers; the corpus folder checks, writes and deletes files
 * (uploads go to CORPUS_DIR/uploads/ under a sanitized name) and the knowledge base re-indexes.
 * Queries keep running on the old index meanwhile.
 */
import { Router, type Request, type Response } from "express";
import multer from "multer";
import { AppError } from "../../core/errors.js";
import { checkUpload, type CorpusFolder } from "../../corpus/corpus-folder.js";
import { checkRelPath } from "../../corpus/paths.js";
import type { KnowledgeBase } from "../../service/knowledge-base.js";
import { requireReady } from "../errors.js";
import type { Indexing } from "../indexing.js";

export interface DocumentsRouteDeps {
  kb: KnowledgeBase;
  indexing: Indexing;
  /** Where documents live; without it uploads and deletes are refused. */
  corpus?: CorpusFolder;
  maxUploadBytes: number;
}

/** docId from the path (`/api/documents/a/b.txt`, segments or one encoded segment) or `?docId=`. */
function docIdOf(req: Request): string {
  const fromPath = (req.params as { docId?: string | string[] }).docId;
  const raw = Array.isArray(fromPath)
    ? fromPath.join("/")
    : (fromPath ?? (typeof req.query.docId === "string" ? req.query.docId : ""));
  if (!raw || raw.length > 1000) throw new AppError("BAD_REQUEST", "请提供文档编号 docId。");
  return checkRelPath(raw);
}

function requireCorpus(corpus: CorpusFolder | undefined): CorpusFolder {
  if (!corpus) throw new AppError("NOT_CONFIGURED", "未配置语料目录，无法上传或删除文档。");
  return corpus;
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
    requireReady(deps.kb);
    res.json({ documents: deps.kb.documents(), status: deps.indexing.status() });
  });

  const getOne = (req: Request, res: Response) => {
    requireReady(deps.kb);
    const docId = docIdOf(req);
    const doc = deps.kb.document(docId);
    if (!doc) throw new AppError("NOT_FOUND", "知识库中没有该文档。");
    res.json(doc);
  };
  router.get("/*docId", getOne);

  router.post("/", (req, res, next) => {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE")
        return next(new AppError("TOO_LARGE", `文件过大：单个文件不能超过 ${maxMb} MB。`));
      if (code === "LIMIT_UNEXPECTED_FILE" || code === "LIMIT_FILE_COUNT") {
        return next(new AppError("BAD_UPLOAD", "请用表单字段 file 上传一个文件。"));
      }
      if (code?.startsWith("LIMIT_")) return next(new AppError("BAD_UPLOAD", "上传表单不合规范。"));
      next(new AppError("BAD_UPLOAD", "上传内容无法解析，请使用 multipart/form-data。"));
    });
  });
  router.post("/", async (req, res) => {
    const corpus = requireCorpus(deps.corpus);
    const file = req.file;
    if (!file) throw new AppError("BAD_UPLOAD", "请用表单字段 file 上传一个文件（multipart/form-data）。");
    const upload = checkUpload(file.originalname, file.buffer);
    requireReady(deps.kb);
    // One upload (or delete) per name at a time, through the re-index and any rollback, so the
    // answer tells what is on disk and indexed when it is sent.
    const { written, report } = await corpus.exclusive(upload.relPath, async () => {
      const written = await corpus.add(upload);
      const report = await deps.indexing.reindex();
      const fileError = report.errors.find((e) => e.relPath === written.relPath);
      if (fileError) {
        if (await corpus.rollback(written)) await deps.indexing.reindex();
        throw new AppError("UNREADABLE", `文件无法读取：${fileError.message}`);
      }
      return { written, report };
    });
    res.status(201).json({ docId: written.relPath, replaced: written.replaced, report });
  });

  const deleteOne = async (req: Request, res: Response) => {
    const corpus = requireCorpus(deps.corpus);
    const docId = docIdOf(req);
    requireReady(deps.kb);
    const report = await corpus.exclusive(docId, async () => {
      if (!deps.kb.knowsFile(docId)) throw new AppError("NOT_FOUND", "知识库中没有该文档。");
      await corpus.remove(docId);
      return deps.indexing.reindex();
    });
    res.json({ docId, deleted: true, report });
  };
  router.delete("/", deleteOne);
  router.delete("/*docId", deleteOne);
  return router;
}
