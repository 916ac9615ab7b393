/**
 * The eval question-set format (JSONL, one question per line) and its parser. Parsing is pure
 * so malformed sets fail in unit tests with the line number, before any index is opened.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { AppError } from "../core/errors.js";
import { FiltersSchema } from "../core/schemas.js";

export const CATEGORIES = ["fact", "number", "date", "which", "unanswerable"] as const;
export type Category = (typeof CATEGORIES)[number];

/** A required fact: one string, or alternatives of which any one counts. */
const FactSchema = z.union([
  z.string().trim().min(1, { error: "fact must not be empty" }),
  z.array(z.string().trim().min(1)).min(1, { error: "fact alternatives must not be empty" }),
]);

export const GoldSchema = z
  .object({
    /** Path relative to the corpus root, as Chunk.docId. */
    docId: z.string().min(1),
    /** Heading labels joined with " > ", e.g. "三 > （四）"; see sectionMatches for the rule. */
    section: z.string().trim().min(1).optional(),
    /** A short exact substring of the document that holds the answer. */
    quote: z.string().min(1).optional(),
    /**
     * Offset of `quote` in the document text, when the quote occurs more than once (benchmark
     * span sets give it); without it the first occurrence counts.
     */
    start: z.number().int().min(0).optional(),
    /** Further accepted gold spans (e.g. CMRC 2018's other reference answers); any one counts. */
    alternatives: z
      .array(z.object({ quote: z.string().min(1), start: z.number().int().min(0).optional() }).strict())
      .optional(),
    /**
     * Law questions: the asked article's paragraphs (款) and items (项), verbatim, the first without
     * its 第N条 label — or only the asked 款. The whole-article metric needs every one in the answer.
     */
    paragraphs: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .strict();
export type Gold = z.infer<typeof GoldSchema>;

export const QuestionSchema = z
  .object({
    id: z.string().regex(/^[\w.-]+$/, { error: "id may hold only letters, digits, _ . -" }),
    question: z.string().trim().min(1),
    category: z.enum(CATEGORIES),
    tags: z.array(z.string()).optional(),
    facts: z.array(FactSchema),
    gold: GoldSchema.optional(),
    answerable: z.boolean(),
    filters: FiltersSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // An answerable question without facts or gold would score as trivially right.
    if (q.answerable && q.facts.length === 0)
      ctx.addIssue({ code: "custom", path: ["facts"], message: "an answerable question needs at least one fact" });
    if (q.answerable && !q.gold)
      ctx.addIssue({ code: "custom", path: ["gold"], message: "an answerable question needs gold" });
    if (!q.answerable && (q.facts.length > 0 || q.gold))
      ctx.addIssue({
        code: "custom",
        path: ["answerable"],
        message: "an unanswerable question has no facts and no gold",
      });
    if ((q.category === "unanswerable") === q.answerable)
      ctx.addIssue({
        code: "custom",
        path: ["category"],
        message: 'category "unanswerable" if and only if answerable is false',
      });
  });
export type EvalQuestion = z.infer<typeof QuestionSchema>;

/** A question set file that does not parse or validate. */
export class QuestionSetError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("QUESTION_SET_INVALID", message, options);
  }
}

/** Parse JSONL text; blank lines and lines starting with // are skipped. Throws naming the line. */
export function parseQuestionSet(text: string, source = "question set"): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith("//")) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new QuestionSetError(`${source}:${line}: invalid JSON: ${(err as Error).message}`);
    }
    const parsed = QuestionSchema.safeParse(json);
    if (!parsed.success) {
      throw new QuestionSetError(`${source}:${line}: invalid question:\n${z.prettifyError(parsed.error)}`);
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined)
      throw new QuestionSetError(`${source}:${line}: duplicate id "${parsed.data.id}" (first on line ${first})`);
    seen.set(parsed.data.id, line);
    questions.push(parsed.data);
  });
  if (questions.length === 0) throw new QuestionSetError(`${source}: no questions`);
  return questions;
}

export async function loadQuestionSet(file: string): Promise<EvalQuestion[]> {
  return parseQuestionSet(await readFile(file, "utf8"), file);
}
