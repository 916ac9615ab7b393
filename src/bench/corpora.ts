/**
 * The bench corpora, written under the work folder (data/bench/scale/<name>/corpus, gitignored)
 * from the repository's sample corpus and ../shared/data, each with its question set. Written
 * afresh on every run, so a run's uploads and edits never leak into the next.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chunkText, splitSentences } from "./chunk-text.js";
import {
  type BenchQuestion,
  type CmrcParagraph,
  cmrcQuestions,
  evalSetQuestions,
  lawQuestions,
  ncpqaQuestions,
} from "./questions.js";
import { hashOrder, seededSample, subsetByHash } from "./subset.js";

export type CorpusName = "sample" | "ncpqa" | "law-10" | "law-33" | "law-100" | "synthetic";
export const CORPUS_NAMES: readonly CorpusName[] = ["sample", "ncpqa", "law-10", "law-33", "law-100", "synthetic"];
export const QUICK_CORPORA: readonly CorpusName[] = ["sample", "ncpqa", "law-10"];

export interface Sources {
  /** The repository root (corpus/ and eval/sets/ of the sample). */
  repoDir: string;
  /** ../shared/data: ncpqa/, cmrc2018/, lawrefbook/. */
  dataDir: string;
  /** Where the law corpus is unpacked (data/bench/lawrefbook). */
  lawDir: string;
  /** Minimum chunks (≤ 250 characters, the baseline's chunker) of the synthetic corpus. */
  syntheticChunks: number;
  questions: number;
  seed: number;
}

export interface TextFile {
  relPath: string;
  text: string;
}

export interface Corpus {
  name: CorpusName;
  dir: string;
  files: number;
  chars: number;
  questions: BenchQuestion[];
  /** The file changed for the incremental update. */
  changeFile: string;
  /** A new document for the re-index under load: name and text. */
  upload: TextFile;
}

/** Why a corpus cannot be built here (its data is missing), or undefined. */
export function missingData(name: CorpusName, src: Sources): string | undefined {
  const need = (p: string) => (existsSync(p) ? undefined : `${p} not found`);
  if (name === "sample") return undefined;
  if (name === "ncpqa") return need(path.join(src.dataDir, "ncpqa/documents.jsonl"));
  const law = existsSync(src.lawDir) ? undefined : need(path.join(src.dataDir, "lawrefbook/lawrefbook.tar.gz"));
  if (name !== "synthetic") return law;
  return law ?? need(path.join(src.dataDir, "ncpqa/documents.jsonl")) ?? need(cmrcFile(src));
}

const cmrcFile = (src: Sources) => path.join(src.dataDir, "cmrc2018/cmrc2018_dev.json");
const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.trimStart().startsWith("//"))
    .map((l) => JSON.parse(l) as T);

function ncpqaFiles(src: Sources, prefix: string): { files: TextFile[]; questions: (n: number) => BenchQuestion[] } {
  const docs = readJsonl<{ docid: string; text: string }>(path.join(src.dataDir, "ncpqa/documents.jsonl"));
  const lines = readJsonl<{ id: string; docid: string; question: string; answer: string }>(
    path.join(src.dataDir, "ncpqa/questions.dev.jsonl"),
  );
  return {
    files: docs.map((d) => ({ relPath: `${prefix}${d.docid}.txt`, text: d.text })),
    questions: (n) => ncpqaQuestions(lines, n, src.seed, prefix),
  };
}

function cmrcFiles(src: Sources, prefix: string): { files: TextFile[]; questions: (n: number) => BenchQuestion[] } {
  const data = JSON.parse(readFileSync(cmrcFile(src), "utf8")) as {
    data: Array<{ title: string; paragraphs: Array<Omit<CmrcParagraph, "title">> }>;
  };
  const paragraphs = data.data.flatMap((a) => a.paragraphs.map((p) => ({ ...p, title: a.title })));
  return {
    files: paragraphs.map((p) => ({ relPath: `${prefix}${p.id}.txt`, text: `${p.title}\n${p.context}` })),
    questions: (n) => cmrcQuestions(paragraphs, n, src.seed, prefix),
  };
}

/** The law corpus's Markdown files, unpacked from the shared tarball first when missing. */
function lawFiles(src: Sources): TextFile[] {
  if (!existsSync(src.lawDir)) {
    mkdirSync(src.lawDir, { recursive: true });
    execFileSync("tar", ["xzf", path.join(src.dataDir, "lawrefbook/lawrefbook.tar.gz"), "-C", src.lawDir]);
  }
  return listFiles(src.lawDir)
    .filter((f) => f.endsWith(".md"))
    .map((relPath) => ({ relPath, text: readFileSync(path.join(src.lawDir, relPath), "utf8") }));
}

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

const LAW_FRACTION = { "law-10": 0.1, "law-33": 1 / 3, "law-100": 1 } as const;

/** The files and questions of a corpus. Law questions come from the 1/10 subset, so all law sizes ask the same. */
function contents(name: CorpusName, src: Sources): { files: TextFile[]; questions: BenchQuestion[] } {
  const n = src.questions;
  const byPath = (f: TextFile) => f.relPath;
  if (name === "sample") {
    const corpusDir = path.join(src.repoDir, "corpus");
    const files = listFiles(corpusDir)
      .filter((f) => !path.basename(f).startsWith("."))
      .map((relPath) => ({ relPath, text: readFileSync(path.join(corpusDir, relPath), "utf8") }));
    const sets = ["sample.jsonl", "paraphrase.jsonl"].flatMap((f) =>
      readJsonl<Parameters<typeof evalSetQuestions>[0][number]>(path.join(src.repoDir, "eval/sets", f)),
    );
    return { files, questions: evalSetQuestions(sets, n, src.seed) };
  }
  if (name === "ncpqa") {
    const { files, questions } = ncpqaFiles(src, "");
    return { files, questions: questions(n) };
  }
  if (name !== "synthetic") {
    const all = lawFiles(src);
    return {
      files: subsetByHash(all, LAW_FRACTION[name], byPath),
      questions: lawQuestions(subsetByHash(all, 0.1, byPath), n, src.seed),
    };
  }
  // Synthetic: ncpqa documents, CMRC paragraphs, then law files in hash order until the chunk target.
  const ncpqa = ncpqaFiles(src, "ncpqa/");
  const cmrc = cmrcFiles(src, "cmrc/");
  const files = [...ncpqa.files, ...cmrc.files];
  let chunks = files.reduce((s, f) => s + chunkText(f.text).length, 0);
  const law: TextFile[] = [];
  const reissued: TextFile[] = [];
  for (const f of hashOrder(lawFiles(src), byPath)) {
    if (chunks >= src.syntheticChunks) break;
    law.push({ relPath: `law/${f.relPath}`, text: f.text });
    chunks += chunkText(f.text).length;
  }
  // The laws hold about 96k such chunks: re-issues of the ncpqa notices (sentences in a seeded
  // order, as a later year's letter reuses last year's wording) make up the rest.
  for (let round = 2; chunks < src.syntheticChunks && ncpqa.files.length > 0; round++) {
    for (const f of ncpqa.files) {
      if (chunks >= src.syntheticChunks) break;
      const text = reissue(f.text, src.seed + round);
      reissued.push({ relPath: `reissued-${round}/${f.relPath}`, text });
      chunks += chunkText(text).length;
    }
  }
  const share = Math.round(n * 0.4);
  const questions = [
    ...ncpqa.questions(share),
    ...cmrc.questions(Math.round(n * 0.3)),
    ...lawQuestions(law, n - share - Math.round(n * 0.3), src.seed),
  ];
  return { files: [...files, ...law, ...reissued], questions };
}

/** A document's sentences in a seeded order: the same words in other passages. */
export function reissue(text: string, seed: number): string {
  return seededSample(splitSentences(text), Infinity, seed).join("");
}

/** Writes a corpus afresh under workDir/<name>/corpus and returns it with its questions. */
export function materialize(name: CorpusName, src: Sources, workDir: string): Corpus {
  const { files, questions } = contents(name, src);
  const dir = path.join(workDir, name, "corpus");
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, f.relPath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.text);
  }
  // The file to change and the upload: the median-sized file of the hash order's first twenty.
  const candidates = hashOrder(files, (f) => f.relPath).slice(0, 20);
  const medium = [...candidates].sort((a, b) => a.text.length - b.text.length)[Math.floor(candidates.length / 2)];
  const ext = path.extname(medium.relPath) || ".txt";
  return {
    name,
    dir,
    files: files.length,
    chars: files.reduce((s, f) => s + f.text.length, 0),
    questions,
    changeFile: medium.relPath,
    upload: { relPath: `uploads/bench-upload${ext}`, text: medium.text },
  };
}

/** The edit of the incremental step: one sentence appended to one file. */
export function changeOneFile(corpus: Corpus): void {
  const file = path.join(corpus.dir, corpus.changeFile);
  writeFileSync(file, readFileSync(file, "utf8") + "\n本段为基准测试追加的句子，用于测量增量更新。\n");
}
