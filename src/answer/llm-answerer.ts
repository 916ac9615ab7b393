/**
 * The answerer backed by an OpenAI-compatible chat model. The model only drafts: its text is
 * verified sentence by sentence (llm-postprocess.ts) and nothing unverified is returned or,
 * in the default streaming mode, even streamed.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Answer, Passage } from "../core/types.js";
import { anySignal } from "../core/abort.js";
import { AppError } from "../core/errors.js";
import { LLM_MIN_EVIDENCE_COVERAGE } from "./evidence.js";
import { AnswerAssembler, DEFAULT_REFUSAL } from "./llm-postprocess.js";
import { renderUserPrompt, type AnswerPrompts } from "./prompts.js";
import { refusalWith } from "./refusal.js";
import type { AnswerOptions, Answerer } from "./types.js";

/**
 * "verified": onToken receives only sentences that passed the checks, renumbered, so the
 * concatenation of everything streamed is the final answer (a refusal decided at the end is
 * streamed whole). "raw": onToken receives the model's tokens as they arrive, unverified; the
 * caller must then replace the streamed text with the returned Answer.
 */
export type StreamMode = "verified" | "raw";

export interface LlmAnswererDeps {
  model: BaseChatModel;
  prompts: AnswerPrompts;
  streamMode?: StreamMode;
  /**
   * Upper bound for the whole answer, stream included, in ms. The HTTP client's own timeout
   * does not cover a stream that stalls after its headers, so it is enforced here as well.
   */
  timeoutMs?: number;
  /** The knowledge base's evidence bar for this answerer; LLM_MIN_EVIDENCE_COVERAGE by default. */
  minEvidence?: number;
}

export function buildAnswerMessages(prompts: AnswerPrompts, question: string, passages: Passage[]): BaseMessage[] {
  return [new SystemMessage(prompts.system), new HumanMessage(renderUserPrompt(prompts, question, passages))];
}

/** Text of a streamed message chunk, whether its content is a string or content blocks. */
function chunkText(chunk: { content: unknown; text?: string }): string {
  if (typeof chunk.content === "string") return chunk.content;
  return typeof chunk.text === "string" ? chunk.text : "";
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return Boolean(e && (/timeout/i.test(e.name ?? "") || /timed? ?out/i.test(e.message ?? "")));
}

/** The chat model took longer than its time allows: the same error for an answer and a whole follow-up. */
export function llmTimeoutError(cause?: unknown): AppError {
  return new AppError("llm_timeout", "大模型服务响应超时，请稍后再试。", { cause });
}

export class LlmAnswerer implements Answerer {
  readonly name = "llm";
  readonly minEvidence: number;
  private readonly model: BaseChatModel;
  private readonly prompts: AnswerPrompts;
  private readonly streamMode: StreamMode;
  private readonly timeoutMs: number | undefined;

  constructor({ model, prompts, streamMode = "verified", timeoutMs, minEvidence }: LlmAnswererDeps) {
    this.minEvidence = minEvidence ?? LLM_MIN_EVIDENCE_COVERAGE;
    this.model = model;
    this.prompts = prompts;
    this.streamMode = streamMode;
    this.timeoutMs = timeoutMs;
  }

  /** Needs no index context: the chat model reads the passages themselves. */
  async answer(question: string, passages: Passage[], options: Partial<AnswerOptions> = {}): Promise<Answer> {
    const { signal, onToken } = options;
    // Without passages there is nothing to ground an answer in; do not ask the model at all.
    if (passages.length === 0) return refusalWith(DEFAULT_REFUSAL, passages);
    if (signal?.aborted) throw abortError(signal);

    const timeout = this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined;
    const combined = anySignal(signal, timeout);
    const timedOut = () => llmTimeoutError(timeout?.reason);

    const assembler = new AnswerAssembler(passages);
    const emit = (text: string) => {
      if (text && onToken) onToken(text);
    };
    try {
      const stream = await this.model.stream(buildAnswerMessages(this.prompts, question, passages), {
        signal: combined,
      });
      for await (const chunk of stream) {
        const text = chunkText(chunk);
        if (!text) continue;
        const verified = assembler.push(text);
        emit(this.streamMode === "raw" ? text : verified);
      }
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (timeout?.aborted || isTimeout(err)) throw timedOut();
      throw new AppError("llm_unavailable", "大模型服务暂时不可用，请稍后再试。", { cause: err });
    }
    if (signal?.aborted) throw abortError(signal);
    if (timeout?.aborted) throw timedOut();

    const { answer, rest } = assembler.finish();
    if (this.streamMode === "verified") emit(rest);
    return answer;
  }
}
