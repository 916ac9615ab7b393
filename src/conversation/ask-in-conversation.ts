/**
 * The use case every front end shares (page, API, messenger bots): rewrite a follow-up into a
 * standalone question, answer it, and remember the turn.
 */
import { llmTimeoutError } from "../answer/llm-answerer.js";
import { anySignal } from "../core/abort.js";
import type { Answer, SearchFilters } from "../core/types.js";
import type { AskOptions, KnowledgeBase } from "../service/knowledge-base.js";
import type { Conversations } from "./conversation-store.js";
import { rewriteFollowUp, type Turn } from "./follow-up.js";

/** Turns a follow-up into a standalone question; offline by default, an LLM when configured. */
export interface QuestionRewriter {
  rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string>;
  /**
   * When set, a follow-up (its rewrite and its answer together) must be done within this many ms,
   * else it fails with llm_timeout: one deadline, not one per call of the chat model.
   */
  readonly followUpDeadlineMs?: number;
}

export const offlineRewriter: QuestionRewriter = {
  async rewrite(question, history) {
    return rewriteFollowUp(question, history);
  },
};

export interface ConversationDeps {
  kb: KnowledgeBase;
  conversations: Conversations;
  rewriter: QuestionRewriter;
}

export interface ConversationAnswer extends Answer {
  /** The question as answered, after follow-up rewriting. */
  standaloneQuestion: string;
}

export async function askInConversation(
  deps: ConversationDeps,
  request: { question: string; conversationId?: string; filters?: SearchFilters },
  options: Omit<AskOptions, "filters"> = {},
): Promise<ConversationAnswer> {
  const history = request.conversationId ? await deps.conversations.history(request.conversationId) : [];
  const deadlineMs = history.length ? deps.rewriter.followUpDeadlineMs : undefined;
  const deadline = deadlineMs ? AbortSignal.timeout(deadlineMs) : undefined;
  const signal = anySignal(options.signal, deadline);
  let standalone: string;
  let answer: Answer;
  try {
    standalone = history.length ? await deps.rewriter.rewrite(request.question, history, signal) : request.question;
    answer = await deps.kb.ask(standalone, { ...options, signal, filters: request.filters });
  } catch (err) {
    // The follow-up's own deadline passed (not the caller's cancellation): the chat model was too slow.
    if (deadline?.aborted && !options.signal?.aborted) {
      throw llmTimeoutError(err);
    }
    throw err;
  }
  if (request.conversationId) {
    await deps.conversations.append(request.conversationId, { question: request.question, standalone });
  }
  return { ...answer, standaloneQuestion: standalone };
}
