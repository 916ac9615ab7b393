/**
 * The corpus folder (CORPUS_DIR): the one place that lists, writes, replaces and deletes its
 * files. Writes are atomic: the bytes are staged next to the target (a name the listing skips,
 * see STAGING_PREFIX) and renamed into place, so the indexer never reads half a file. Every
 * path is checked to stay inside the folder, following symlinks.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../core/errors.js";
import { isSupportedFile, SUPPORTED_EXTENSIONS } from "../ingest/extract.js";
import { parseFileBytes } from "../ingest/load-file.js";
import { type CorpusFile, listCorpusFiles, STAGING_PREFIX } from "./list-files.js";
import { checkRelPath, MAX_NAME_BYTES, safeUploadName, UPLOAD_DIR } from "./paths.js";

/** An upload that passed the checks: where it goes and its bytes. Nothing is written yet. */
export interface CheckedUpload {
  /** uploads/<safe name>; the document id once indexed. */
  relPath: string;
  bytes: Buffer;
}

/** What a write did, enough to undo it (see rollback). */
export interface CorpusWrite {
  relPath: string;
  /** A file of that name was there before and has been replaced. */
  replaced: boolean;
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

/**
 * Checks an uploaded file and names it in the uploads folder: a safe name with a supported
 * extension (else 415), not empty (400), content that fits the extension (415).
 */
export function checkUpload(originalName: string, bytes: Buffer): CheckedUpload {
  const name = safeUploadName(originalName);
  if (!name || !isSupportedFile(name)) {
    throw new AppError("UNSUPPORTED_TYPE", `不支持的文件类型，只接受：${SUPPORTED_EXTENSIONS.join(" ")}`);
  }
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    throw new AppError(
      "BAD_UPLOAD",
      `文件名过长：不能超过 ${MAX_NAME_BYTES} 字节（约 ${Math.floor(MAX_NAME_BYTES / 3)} 个汉字），请缩短文件名后再上传。`,
    );
  }
  if (bytes.length === 0) throw new AppError("EMPTY_FILE", "文件为空。");
  if (!contentMatchesType(name, bytes)) {
    throw new AppError("UNSUPPORTED_TYPE", `文件内容与扩展名 ${path.extname(name)} 不符。`);
  }
  return { relPath: `${UPLOAD_DIR}/${name}`, bytes };
}

/** Work in progress per name (see CorpusFolder.exclusive), keyed by folder and folded name. */
const nameLocks = new Map<string, Promise<unknown>>();

/** A name as the lock and the name-conflict check see it: NFC, lower case. */
function foldedName(relPath: string): string {
  return relPath.normalize("NFC").toLowerCase();
}

/** `dir` or its nearest ancestor that exists (symlinks are followed later, by realpath). */
async function nearestExisting(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    const exists = await stat(d).then(
      () => true,
      () => false,
    );
    if (exists || path.dirname(d) === d) return d;
  }
}

export class CorpusFolder {
  constructor(readonly root: string) {}

  /** Makes the folder when it is not there yet. */
  async create(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  /** The corpus files as the indexer sees them: sorted, staged writes and dotfiles left out. */
  list(): Promise<CorpusFile[]> {
    return listCorpusFiles(this.root);
  }

  /** A file's bytes; undefined when it cannot be read (most likely: it is not there). */
  async read(relPath: string): Promise<Buffer | undefined> {
    return readFile(this.pathOf(relPath)).catch(() => undefined);
  }

  /**
   * Writes (or replaces) a file atomically: staged next to the target, synced unless `sync` is
   * false (benchmark corpora that can be rebuilt), parsed when `validate` is set, then renamed
   * into place. A failed write (or a file that cannot be parsed) leaves nothing behind and the
   * previous file, if any, untouched.
   */
  async write(
    relPath: string,
    bytes: Buffer,
    { sync = true, validate = false }: { sync?: boolean; validate?: boolean } = {},
  ): Promise<CorpusWrite> {
    const target = this.pathOf(relPath);
    const dir = path.dirname(target);
    // Checked before mkdir: a symlinked folder on the way must not make mkdir create folders outside.
    await this.inside(await nearestExisting(dir), "只能在语料目录中写入文档。");
    await mkdir(dir, { recursive: true });
    await this.inside(dir, "只能在语料目录中写入文档。");
    const replaced = await stat(target).then(
      () => true,
      () => false,
    );
    const temp = path.join(dir, `${STAGING_PREFIX}${randomBytes(6).toString("hex")}`);
    try {
      const fh = await open(temp, "wx");
      try {
        await fh.writeFile(bytes);
        if (sync) await fh.sync();
      } finally {
        await fh.close();
      }
      // Parsed from the bytes just staged, as the indexer will parse them: an unreadable file is
      // refused (its IngestError, 422) before it replaces anything.
      if (validate) await parseFileBytes(relPath, bytes);
      await rename(temp, target);
    } catch (err) {
      // A failed write (a full disk, most likely) must not leave a staged file nobody sees.
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    return { relPath, replaced };
  }

  /**
   * Writes a checked upload into the uploads folder once it parses; see write. A name that differs
   * from a file already there only by case or Unicode form is refused (409): some file systems
   * would treat the two as one file, others as two, and either way one upload would shadow the other.
   */
  async add(upload: CheckedUpload): Promise<CorpusWrite> {
    const name = path.posix.basename(upload.relPath);
    const existing = await readdir(path.dirname(this.pathOf(upload.relPath))).catch(() => [] as string[]);
    const clash = existing.find((e) => e !== name && foldedName(e) === foldedName(name));
    if (clash) {
      throw new AppError("CONFLICT", `已有仅大小写或字符形式不同的同名文档“${clash}”，请改名后上传，或先删除该文档。`);
    }
    return this.write(upload.relPath, upload.bytes, { validate: true });
  }

  /**
   * Undoes a write that added a file by deleting it again; returns whether the corpus changed.
   * A replacement cannot be undone (the previous bytes are not kept): it stays, and false is returned.
   */
  async rollback(write: CorpusWrite): Promise<boolean> {
    if (write.replaced) return false;
    await unlink(this.pathOf(write.relPath)).catch(() => undefined);
    return true;
  }

  /**
   * Deletes a file of the corpus: 404 when it is not there, 400 when it resolves (by a symlink)
   * outside the folder, and 400 when it is a symlink or lies in a symlinked folder. A symlink is
   * refused rather than unlinked: the listing never indexes symlinks, so the name cannot mean a
   * document of its own, and following it would delete another document (its target).
   */
  async remove(relPath: string): Promise<void> {
    const real = await this.existing(relPath);
    const root = await realpath(this.root);
    const own = path.join(root, ...checkRelPath(relPath).split("/"));
    const link = await lstat(own).then(
      (s) => s.isSymbolicLink(),
      () => true,
    );
    if (link || real !== own) {
      throw new AppError("BAD_PATH", "该文档是符号链接（或位于链接的文件夹中），不能通过接口删除。");
    }
    await unlink(own);
  }

  /**
   * Runs `work` while no other work on the same name (compared in NFC and lower case, so variants
   * wait for each other) runs through any CorpusFolder over this folder: an upload's write, re-index
   * and rollback, or a delete, so its response says what is on disk. Work on other names runs alongside.
   */
  async exclusive<T>(relPath: string, work: () => Promise<T>): Promise<T> {
    const key = `${path.resolve(this.root)}\0${foldedName(relPath)}`;
    const before = nameLocks.get(key) ?? Promise.resolve();
    const run = before.then(work);
    const tail = run.catch(() => undefined);
    nameLocks.set(key, tail);
    try {
      return await run;
    } finally {
      if (nameLocks.get(key) === tail) nameLocks.delete(key);
    }
  }

  /** The absolute path of a relative one, checked by its spelling only. */
  private pathOf(relPath: string): string {
    return path.join(this.root, ...checkRelPath(relPath).split("/"));
  }

  /** The real path of an existing file inside the folder, symlinks followed; else 404 or 400. */
  private async existing(relPath: string): Promise<string> {
    const candidate = this.pathOf(relPath);
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      throw new AppError("NOT_FOUND", "未找到该文档文件。");
    }
    return this.inside(real, "只能删除语料目录中的文档。", { self: false });
  }

  /** `real` itself when its real path lies inside the folder (or is the folder, when `self`), else a 400 with `message`. */
  private async inside(file: string, message: string, { self = true } = {}): Promise<string> {
    const root = await realpath(this.root);
    const real = await realpath(file);
    const rel = path.relative(root, real);
    if ((!rel && !self) || rel.startsWith("..") || path.isAbsolute(rel)) throw new AppError("BAD_PATH", message);
    return real;
  }
}
