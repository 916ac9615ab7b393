/**
 * Optional LLM judge of faithfulness and relevance (1–5), run only with a configured chat model
 * and `--judge`. Its figures are reported apart from the rule-based ones and never replace them.
 * Prompts: prompts/judge.system.md and prompts/judge.user.md ({question}, {answer}, {evidence}).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { CallbackHandlerMethods } from "@langchain/core/callbacks/base";
import type { LLMResult } from "@langchain/core/outputs";
import { PromptError } from "../answer/prompts.js";
import type { Answer } from "../core/types.js";
import type { JudgeScore } from "./scoring.js";

export const DEFAULT_JUDGE_PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

export interface JudgePrompts {
  system: string;
  user: string;
}

export async function loadJudgePrompts(dir = DEFAULT_JUDGE_PROMPTS_DIR): Promise<JudgePrompts> {
  const [system, user] = await Promise.all([
    readFile(path.join(dir, "judge.system.md"), "utf8"),
    readFile(path.join(dir, "judge.user.md"), "utf8"),
  ]);
  for (const p of ["{question}", "{answer}", "{evidence}"]) {
    if (!user.includes(p)) throw new PromptError(`judge.user.md lacks the placeholder ${p}`);
  }
  return { system, user };
}

export function renderJudgePrompt(prompts: JudgePrompts, question: string, answer: Answer): string {
  const evidence =
    answer.citations.map((c) => `[${c.n}] 《${c.title}》${c.section ? ` ${c.section}` : ""}：${c.quote}`).join("\n") ||
    "（无引用）";
  return prompts.user
    .replace("{question}", () => question)
    .replace("{answer}", () => answer.answer)
    .replace("{evidence}", () => evidence);
}

/** The judge's reply as scores: the first JSON object in it with integer 1–5 fields; null when unusable. */
export function parseJudgeReply(text: string): JudgeScore | null {
  const m = /\{[\s\S]*\}/.exec(text);
  if (!m) return null;
  try {
    const o = JSON.parse(m[0]) as Record<string, unknown>;
    const f = Number(o.faithfulness);
    const r = Number(o.relevance);
    const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5;
    if (!ok(f) || !ok(r)) return null;
    return { faithfulness: f, relevance: r, ...(typeof o.comment === "string" ? { comment: o.comment } : {}) };
  } catch {
    return null;
  }
}

export function createJudge(
  model: BaseChatModel,
  prompts: JudgePrompts,
): (question: string, answer: Answer) => Promise<JudgeScore | null> {
  return async (question, answer) => {
    const reply = await model.invoke([
      new SystemMessage(prompts.system),
      new HumanMessage(renderJudgePrompt(prompts, question, answer)),
    ]);
    const text = typeof reply.content === "string" ? reply.content : reply.text;
    return parseJudgeReply(text);
  };
}

/** Sums token usage reported by the chat endpoint (LangChain callback); take() returns and resets. */
export class TokenCounter {
  private total = 0;
  private seen = false;

  readonly handler: CallbackHandlerMethods = {
    handleLLMEnd: (output: LLMResult) => {
      const fromGen = output.generations
        .flat()
        .reduce(
          (s, g) =>
            s +
            ((g as { message?: { usage_metadata?: { total_tokens?: number } } }).message?.usage_metadata
              ?.total_tokens ?? 0),
          0,
        );
      const tu = output.llmOutput?.tokenUsage as { totalTokens?: number } | undefined;
      const n = fromGen || tu?.totalTokens || 0;
      if (n > 0) {
        this.total += n;
        this.seen = true;
      }
    },
  };

  /** Tokens since the last take, or null when the endpoint has reported no usage at all. */
  take(): number | null {
    const n = this.total;
    this.total = 0;
    return this.seen ? n : null;
  }
}
