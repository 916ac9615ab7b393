/**
 * Laws benchmark: the project's own question set on the law corpus (LawRefBook, see
 * ../shared/data/README.md). Unlike ncpqa and CMRC 2018 the questions live in the repository —
 * eval/sets/laws.jsonl — and so does the corpus selection, eval/sets/laws-corpus.txt: one path
 * relative to the data folder a line, the files materialized under their own relative paths
 * (folders and .md kept, so a document's folder still says what kind of text it is).
 *
 * --data is the unpacked data folder, or a folder holding only lawrefbook.tar.gz (as
 * ../shared/data/lawrefbook does): the archive is then unpacked once into data/bench/lawrefbook.
 */
import { execFile } from "node:child_process";
import { access, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "../../core/errors.js";
import { parseQuestionSet, type EvalQuestion } from "../question-set.js";
import { sampleItems, type Benchmark, type BenchDocument } from "./common.js";

export const LAWS_SET = "eval/sets/laws.jsonl";
export const LAWS_CORPUS_LIST = "eval/sets/laws-corpus.txt";
export const LAWS_ARCHIVE = "lawrefbook.tar.gz";
/** Where the archive is unpacked when --data holds only the archive. */
export const LAWS_UNPACK_DIR = path.join("data", "bench", "lawrefbook");

export interface LawsOptions {
  sample?: number;
  seed?: number;
  /** Question file instead of eval/sets/laws.jsonl (a path, not inside --data). */
  questionsFile?: string;
  /** Corpus list instead of eval/sets/laws-corpus.txt. */
  corpusList?: string;
  unpackDir?: string;
}

/** The relative paths of a corpus list: one a line, blank lines and `#` comments skipped. */
export function parseCorpusList(text: string): string[] {
  const paths = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new AppError("BENCHMARK_INVALID", `corpus list: ${dup} is listed twice`);
  return paths;
}

/**
 * Pure: the benchmark from the selected documents and the question set's text. Every gold
 * document must be in the selection; the sample is taken after that check.
 */
export function lawsFromParts(
  documents: BenchDocument[],
  setText: string,
  opts: Pick<LawsOptions, "sample" | "seed"> & { setName?: string } = {},
): Benchmark & { dropped: string[] } {
  const questions: EvalQuestion[] = parseQuestionSet(setText, opts.setName ?? LAWS_SET);
  const selected = new Set(documents.map((d) => d.docId));
  const outside = questions.filter((q) => q.gold && !selected.has(q.gold.docId));
  if (outside.length)
    throw new AppError(
      "BENCHMARK_INVALID",
      `gold documents not in the corpus list: ${outside.map((q) => `${q.id} → ${q.gold!.docId}`).join("; ")}`,
    );
  return { name: "laws", documents, questions: sampleItems(questions, opts.sample, opts.seed ?? 1), dropped: [] };
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * The folder holding the law files: dataPath itself when it holds the first listed file, else the
 * unpack folder, unpacking dataPath's archive into it first when it does not hold that file yet.
 */
export async function resolveLawData(
  dataPath: string,
  firstFile: string,
  unpackDir = LAWS_UNPACK_DIR,
): Promise<string> {
  if (await exists(path.join(dataPath, firstFile))) return dataPath;
  if (await exists(path.join(unpackDir, firstFile))) return unpackDir;
  const archive = path.join(dataPath, LAWS_ARCHIVE);
  if (!(await exists(archive)))
    throw new AppError("BENCHMARK_INVALID", `${dataPath}: neither the law files (${firstFile}) nor ${LAWS_ARCHIVE}`);
  await mkdir(unpackDir, { recursive: true });
  // The system tar: the archive is plain tar.gz and the project has no tar library.
  await promisify(execFile)("tar", ["-xzf", path.resolve(archive), "-C", path.resolve(unpackDir)]);
  if (!(await exists(path.join(unpackDir, firstFile))))
    throw new AppError("BENCHMARK_INVALID", `${archive} does not hold ${firstFile}`);
  return unpackDir;
}

export async function loadLaws(dataPath: string, opts: LawsOptions = {}): Promise<Benchmark & { dropped: string[] }> {
  const listFile = opts.corpusList ?? LAWS_CORPUS_LIST;
  const setFile = opts.questionsFile ?? LAWS_SET;
  const list = parseCorpusList(await readFile(listFile, "utf8"));
  if (!list.length) throw new AppError("BENCHMARK_INVALID", `${listFile}: no files listed`);
  const dir = await resolveLawData(dataPath, list[0], opts.unpackDir);
  const documents = await Promise.all(
    list.map(async (docId) => ({ docId, text: await readFile(path.join(dir, docId), "utf8") })),
  );
  return lawsFromParts(documents, await readFile(setFile, "utf8"), { ...opts, setName: setFile });
}
