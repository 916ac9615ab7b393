import { AppError, type IngestErrorCode } from "../core/errors.js";

/** Why a file could not be turned into text. The indexer reports these per file and moves on. */
export type { IngestErrorCode };

const MESSAGES: Record<IngestErrorCode, string> = {
  EMPTY: "文件为空",
  BINARY: "文件不是文本文件（疑似二进制内容）",
  CORRUPT: "文件已损坏或格式不正确，无法读取",
  UNSUPPORTED: "不支持的文件类型（支持 .txt .md .html .htm .docx .pdf）",
  NO_TEXT: "未能从文件中提取到文字（可能是扫描件或图片PDF）",
  UNREADABLE: "文件无法读取（不存在或没有读取权限）",
};

/**
 * An ingestion failure with a stable code. It is an AppError, so the server can pass it straight
 * to users of the upload endpoint (server/errors.ts gives the ingest codes their status, 422).
 */
export class IngestError extends AppError {
  declare readonly code: IngestErrorCode;

  constructor(
    code: IngestErrorCode,
    /** File name shown to users, so a batch report says which file failed. */
    readonly fileName?: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(code, buildMessage(code, fileName, options?.detail), { cause: options?.cause });
    this.name = "IngestError";
  }
}

function buildMessage(code: IngestErrorCode, fileName?: string, detail?: string): string {
  const base = MESSAGES[code];
  const withFile = fileName ? `${fileName}：${base}` : base;
  return detail ? `${withFile}（${detail}）` : withFile;
}
