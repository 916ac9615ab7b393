/** zod schemas of what crosses a boundary: API requests and answers. Messages are in Chinese. */
import { z } from "zod";
import { DOC_KINDS } from "./types.js";

export const MAX_QUESTION_CHARS = 500;

export const FiltersSchema = z
  .object({
    kind: z.enum(DOC_KINDS, { error: "kind 只能是 reply_letter、policy_rule 或 other" }).optional(),
    issuer: z.string().trim().min(1, { error: "issuer 不能为空" }).max(100).optional(),
    year: z
      .number({ error: "year 必须是数字" })
      .int({ error: "year 必须是整数" })
      .min(1949, { error: "year 超出范围" })
      .max(2100, { error: "year 超出范围" })
      .optional(),
  })
  .strict();

export const AskRequestSchema = z
  .object({
    question: z
      .string({ error: "question 必须是字符串" })
      .trim()
      .min(1, { error: "问题不能为空" })
      .max(MAX_QUESTION_CHARS, { error: `问题不能超过${MAX_QUESTION_CHARS}个字` }),
    filters: FiltersSchema.optional(),
  })
  .strict();
export type AskRequest = z.infer<typeof AskRequestSchema>;

export const CitationSchema = z.object({
  n: z.number().int().positive(),
  docId: z.string(),
  title: z.string(),
  date: z.string().optional(),
  section: z.string(),
  quote: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export const AnswerSchema = z.object({
  answer: z.string(),
  refused: z.boolean(),
  citations: z.array(CitationSchema),
  nearest: z.array(CitationSchema).optional(),
});
