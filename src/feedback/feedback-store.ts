/**
 * Feedback on answers. The service keeps it in its state store (store/); FeedbackStore is the
 * earlier JSON Lines file under the data directory (each record appended and fsync'ed before the
 * request is answered, appends serialized), still read once to import it into the store.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CitationSchema, MAX_QUESTION_CHARS } from "../core/schemas.js";

export const FeedbackRequestSchema = z
  .object({
    question: z
      .string({ error: "question 必须是字符串" })
      .trim()
      .min(1, { error: "问题不能为空" })
      .max(MAX_QUESTION_CHARS, { error: `问题不能超过${MAX_QUESTION_CHARS}个字` }),
    answer: z
      .string({ error: "answer 必须是字符串" })
      .min(1, { error: "回答不能为空" })
      .max(20_000, { error: "回答过长" }),
    citations: z.array(CitationSchema, { error: "citations 必须是引用数组" }).max(50, { error: "引用过多" }),
    rating: z.enum(["up", "down"], { error: "rating 只能是 up 或 down" }),
    comment: z.string({ error: "comment 必须是字符串" }).trim().max(2000, { error: "意见不能超过2000个字" }).optional(),
    conversationId: z.string().min(1).max(100).optional(),
    standaloneQuestion: z
      .string()
      .max(MAX_QUESTION_CHARS * 4)
      .optional(),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

export interface FeedbackRecord extends FeedbackRequest {
  id: string;
  /** ISO time the feedback was received. */
  at: string;
}

/** Where feedback is kept: `add` resolves once the record is durable. */
export interface FeedbackLog {
  add(request: FeedbackRequest, now?: Date): Promise<FeedbackRecord>;
  /** All records, oldest first. */
  all(): Promise<FeedbackRecord[]>;
}

/** The path of the JSON Lines feedback file under a data directory. */
export const feedbackFileOf = (dataDir: string) => path.join(dataDir, "feedback", "feedback.jsonl");

export class FeedbackStore implements FeedbackLog {
  private tail: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(dataDir: string) {
    this.file = feedbackFileOf(dataDir);
  }

  /** Append one record; resolves once it is on disk. */
  add(request: FeedbackRequest, now = new Date()): Promise<FeedbackRecord> {
    const record: FeedbackRecord = { id: randomUUID(), at: now.toISOString(), ...request };
    const run = this.tail.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const fh = await open(this.file, "a");
      try {
        await fh.write(`${JSON.stringify(record)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return record;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** All records, oldest first; a torn last line (crash mid-write) is skipped. */
  async all(): Promise<FeedbackRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const out: FeedbackRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as FeedbackRecord);
      } catch {
        // an incomplete line from an interrupted write
      }
    }
    return out;
  }
}
