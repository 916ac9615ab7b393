/**
 * The use case every front end shares (page, API, messenger bots): rewrite a follow-up into a
 * standalone question, answer it, and remember the turn.
 */
import type { Answer, SearchFilters } from "../core/types.js";
import type { AskOptions, KnowledgeBase } from "../service/knowledge-base.js";
import type { ConversationStore } from "./conversation-store.js";
import { rewriteFollowUp, type Turn } from "./follow-up.js";

/** Turns a follow-up into a standalone question; offline by default, an LLM when configured. */
export interface QuestionRewriter {
  rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string>;
}

export const offlineRewriter: QuestionRewriter = {
  async rewrite(question, history) {
    return rewriteFollowUp(question, history);
  },
};

export interface ConversationDeps {
  kb: KnowledgeBase;
  conversations: ConversationStore;
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
  const history = request.conversationId ? deps.conversations.history(request.conversationId) : [];
  const standalone = history.length
    ? await deps.rewriter.rewrite(request.question, history, options.signal)
    : request.question;
  const answer = await deps.kb.ask(standalone, { ...options, filters: request.filters });
  if (request.conversationId) {
    deps.conversations.append(request.conversationId, { question: request.question, standalone });
  }
  return { ...answer, standaloneQuestion: standalone };
}
