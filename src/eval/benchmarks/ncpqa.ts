/**
 * ncpqa adapter (2020 policy QA competition; see ../shared/data/README.md): documents.jsonl
 * {docid, text} and questions.dev.jsonl {id, docid, question, answer, start, end} with
 * answer = text.slice(start, end). Each document becomes "<docid>.txt"; each question a span
 * question: gold {docId, quote: answer, start}, the answer as its one required fact.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import type { EvalQuestion } from "../question-set.js";
import { guessCategory, safeId, sampleItems, type Benchmark } from "./common.js";

const DocLine = z.object({ docid: z.string().min(1), text: z.string() });
const QuestionLine = z.object({
  id: z.string().min(1),
  docid: z.string().min(1),
  question: z.string().min(1),
  answer: z.string().min(1),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

function parseJsonl<T>(text: string, schema: z.ZodType<T>, source: string): T[] {
  const out: T[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) {
      throw new AppError("BENCHMARK_INVALID", `${source}:${i + 1}: ${z.prettifyError(parsed.error)}`);
    }
    out.push(parsed.data);
  });
  return out;
}

export interface AdapterOptions {
  sample?: number;
  seed?: number;
  /** Question file name inside the folder; default questions.dev.jsonl. */
  questionsFile?: string;
}

/** Pure: build the benchmark from the two files' text. Questions whose span is inconsistent are dropped. */
export function ncpqaFromText(
  documentsJsonl: string,
  questionsJsonl: string,
  opts: AdapterOptions = {},
): Benchmark & { dropped: string[] } {
  const docs = parseJsonl(documentsJsonl, DocLine, "documents.jsonl");
  const byId = new Map(docs.map((d) => [d.docid, d.text]));
  const dropped: string[] = [];
  const questions: EvalQuestion[] = [];
  for (const q of parseJsonl(questionsJsonl, QuestionLine, "questions")) {
    const text = byId.get(q.docid);
    // The span must be where the file says; else the first occurrence, else the question is dropped.
    const start = text === undefined ? -1 : text.slice(q.start, q.end) === q.answer ? q.start : text.indexOf(q.answer);
    if (start < 0) {
      dropped.push(q.id);
      continue;
    }
    questions.push({
      id: safeId(q.id),
      question: q.question.trim(),
      category: guessCategory(q.question),
      tags: ["span", "ncpqa"],
      facts: [q.answer.trim() || q.answer],
      gold: { docId: `${q.docid}.txt`, quote: q.answer, start },
      answerable: true,
    });
  }
  return {
    name: "ncpqa",
    documents: docs.map((d) => ({ docId: `${d.docid}.txt`, text: d.text })),
    questions: sampleItems(questions, opts.sample, opts.seed ?? 1),
    dropped,
  };
}

/** Load ncpqa from a folder holding documents.jsonl and questions.dev.jsonl. */
export async function loadNcpqa(dir: string, opts: AdapterOptions = {}): Promise<Benchmark & { dropped: string[] }> {
  const [docs, questions] = await Promise.all([
    readFile(path.join(dir, "documents.jsonl"), "utf8"),
    readFile(path.join(dir, opts.questionsFile ?? "questions.dev.jsonl"), "utf8"),
  ]);
  return ncpqaFromText(docs, questions, opts);
}
