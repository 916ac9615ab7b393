/**
 * CMRC 2018 adapter (SQuAD format): every paragraph becomes a document "<paragraph id>.txt"
 * holding its context; every question a span question whose gold is the first usable reference
 * answer, the others accepted as alternatives (any one counts, for facts, F1/ROUGE-L — best of —
 * and containment). A reference whose answer_start does not point at its text is located by its
 * first occurrence; one not in the context at all is dropped (a question left without any is
 * dropped too).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { EvalQuestion } from "../question-set.js";
import { guessCategory, safeId, sampleItems, type Benchmark } from "./common.js";
import type { AdapterOptions } from "./ncpqa.js";

const SquadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string().optional(),
      paragraphs: z.array(
        z.object({
          id: z.string().min(1),
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string().min(1),
              question: z.string(),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number().int() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export function cmrcFromJson(json: unknown, opts: AdapterOptions = {}): Benchmark & { dropped: string[] } {
  const parsed = SquadSchema.parse(json);
  const documents: Benchmark["documents"] = [];
  const questions: EvalQuestion[] = [];
  const dropped: string[] = [];
  const seenDocs = new Set<string>();
  for (const article of parsed.data) {
    for (const p of article.paragraphs) {
      const docId = `${safeId(p.id)}.txt`;
      if (seenDocs.has(docId)) continue;
      seenDocs.add(docId);
      documents.push({ docId, text: p.context });
      for (const qa of p.qas) {
        const spans: Array<{ quote: string; start: number }> = [];
        for (const a of qa.answers) {
          if (!a.text.trim()) continue;
          const start =
            p.context.slice(a.answer_start, a.answer_start + a.text.length) === a.text
              ? a.answer_start
              : p.context.indexOf(a.text);
          if (start < 0 || spans.some((s) => s.quote === a.text && s.start === start)) continue;
          spans.push({ quote: a.text, start });
        }
        if (!spans.length || !qa.question.trim()) {
          dropped.push(qa.id);
          continue;
        }
        const [first, ...rest] = spans;
        const facts = [...new Set(spans.map((s) => s.quote.trim()))];
        questions.push({
          id: safeId(qa.id),
          question: qa.question.trim(),
          category: guessCategory(qa.question),
          tags: ["span", "cmrc2018"],
          facts: [facts.length === 1 ? facts[0] : facts],
          gold: { docId, quote: first.quote, start: first.start, ...(rest.length ? { alternatives: rest } : {}) },
          answerable: true,
        });
      }
    }
  }
  return { name: "cmrc2018", documents, questions: sampleItems(questions, opts.sample, opts.seed ?? 1), dropped };
}

/** Load from a folder holding cmrc2018_dev.json, or from the JSON file itself. */
export async function loadCmrc2018(
  dirOrFile: string,
  opts: AdapterOptions = {},
): Promise<Benchmark & { dropped: string[] }> {
  const file = dirOrFile.endsWith(".json")
    ? dirOrFile
    : path.join(dirOrFile, opts.questionsFile ?? "cmrc2018_dev.json");
  return cmrcFromJson(JSON.parse(await readFile(file, "utf8")), opts);
}
