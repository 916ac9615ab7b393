/**
 * Follow-up rewriting with the configured chat model. The model's line is accepted only when it
 * looks like a question and keeps every number of the follow-up; on any error, timeout or
 * doubtful output the offline rewriter answers instead, so a follow-up never fails because of it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { MAX_QUESTION_CHARS } from "../core/schemas.js";
import { anySignal } from "../core/abort.js";
import type { Logger } from "../core/logger.js";
import { PromptError } from "../answer/prompts.js";
import { offlineRewriter, type QuestionRewriter } from "./ask-in-conversation.js";
import type { Turn } from "./follow-up.js";

export interface RewritePrompts {
  system: string;
  /** Template with {history} and {question}. */
  user: string;
}

const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));
/** Earlier questions shown to the model. */
const HISTORY_TURNS = 4;

export async function loadRewritePrompts(dir: string = PROMPTS_DIR): Promise<RewritePrompts> {
  const [system, user] = await Promise.all([
    readFile(join(dir, "rewrite.system.md"), "utf8"),
    readFile(join(dir, "rewrite.user.md"), "utf8"),
  ]);
  for (const p of ["{history}", "{question}"]) {
    if (!user.includes(p)) throw new PromptError(`prompts/rewrite.user.md lacks the ${p} placeholder`);
  }
  return { system, user };
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

/** Digit runs of a text, for checking that a rewrite kept every number. */
const numbers = (s: string) => s.match(/\d+(?:\.\d+)?/g) ?? [];

/** The model's line cleaned up, or undefined when it cannot be trusted as the question. */
export function acceptRewrite(output: string, question: string): string | undefined {
  const line = output
    .trim()
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean)
    ?.replace(/^(改写后的(完整)?问题|完整问题|问题)[:：]\s*/, "")
    .replace(/^["“「『']+|["”」』']+$/g, "")
    .trim();
  if (!line || line.length > MAX_QUESTION_CHARS || line.length < 2) return undefined;
  if (line.startsWith("知识库中未找到")) return undefined;
  const kept = new Set(numbers(line));
  if (!numbers(question).every((n) => kept.has(n))) return undefined;
  return line;
}

export class LlmRewriter implements QuestionRewriter {
  readonly followUpDeadlineMs?: number;

  constructor(
    private readonly deps: {
      model: BaseChatModel;
      prompts: RewritePrompts;
      /** The rewrite's own bound, within the follow-up's deadline. */
      timeoutMs?: number;
      /** The whole follow-up's (rewrite and answer) deadline; see QuestionRewriter. */
      followUpDeadlineMs?: number;
      fallback?: QuestionRewriter;
      log?: Logger;
    },
  ) {
    this.followUpDeadlineMs = deps.followUpDeadlineMs;
  }

  async rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string> {
    const fallback = this.deps.fallback ?? offlineRewriter;
    if (history.length === 0) return question.trim();
    const user = this.deps.prompts.user.replace(/\{(history|question)\}/g, (_m, name: string) =>
      name === "history"
        ? history
            .slice(-HISTORY_TURNS)
            .map((t, i) => `${i + 1}. ${t.standalone}`)
            .join("\n")
        : question.trim(),
    );
    try {
      const reply = await this.deps.model.invoke(
        [new SystemMessage(this.deps.prompts.system), new HumanMessage(user)],
        {
          signal: anySignal(signal, this.deps.timeoutMs ? AbortSignal.timeout(this.deps.timeoutMs) : undefined),
        },
      );
      const accepted = acceptRewrite(text(reply.content), question);
      if (accepted) return accepted;
      this.deps.log?.warn("LLM rewrite rejected, using the offline rewriter");
    } catch (err) {
      // The caller's own cancellation is not a model failure: pass it on.
      if (signal?.aborted) throw err;
      this.deps.log?.warn("LLM rewrite failed, using the offline rewriter", { err });
    }
    return fallback.rewrite(question, history, signal);
  }
}
