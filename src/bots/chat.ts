/**
 * What a bot does with one incoming text, whatever the messenger: the commands "新对话" and
 * "帮助", or a question answered in the sender's conversation. The reply is messenger-neutral;
 * each bot renders it with formatReply.
 */
import { askInConversation, type ConversationAnswer } from "../conversation/ask-in-conversation.js";
import { MAX_QUESTION_CHARS } from "../core/schemas.js";
import type { AuditOrigin } from "../store/types.js";
import type { BotDeps } from "./types.js";
import { formatAnswer, safeCut, type FormatOptions } from "./format-answer.js";

export type BotReply = { kind: "answer"; answer: ConversationAnswer } | { kind: "notice"; text: string };

export const HELP_TEXT = [
  "我是工信局政策问答助手，只根据本局的答复函和政策文件回答，并注明出处。",
  "用法：",
  "1. 直接发送问题，例如“公共技术服务平台扶持计划给多少支持？”；",
  "2. 可以接着追问，例如“那这个计划现在还能申请吗？”；",
  "3. 发送“新对话”清除上下文，开始新的话题；",
  "4. 发送“帮助”查看本说明。",
  "群聊中请先 @我 再提问。文件中找不到依据时，我会直接说明“知识库中未找到”，不会猜测。",
].join("\n");

export const RESET_TEXT = "已开始新对话，之前的上下文已清除。请直接提问。";
export const EMPTY_TEXT = "请发送文字问题。发送“帮助”查看用法。";
export const NOT_READY_TEXT = "知识库正在建立索引，请稍后再试。";
export const FAILED_TEXT = "抱歉，回答时出错，请稍后再试。";
export const TOO_LONG_TEXT = `问题不能超过${MAX_QUESTION_CHARS}个字，请精简后再问。`;
export const NOT_TEXT = "目前只能回答文字问题，请用文字提问。发送“帮助”查看用法。";

const RESET = /^(新对话|新会话|重新开始|清除上下文|\/?reset|\/?new)$/i;
const HELP = /^(帮助|使用帮助|help|\/help|\?|？)$/i;

/** The command words in a message, if it is one: surrounding spaces and punctuation do not count. */
export function commandOf(text: string): "reset" | "help" | undefined {
  const t = text.trim().replace(/^[\s/]+|[\s。.!！]+$/g, "");
  if (RESET.test(t)) return "reset";
  if (HELP.test(t)) return "help";
  return undefined;
}

export async function handleText(
  deps: BotDeps,
  input: { text: string; conversationId: string; origin?: AuditOrigin },
  signal?: AbortSignal,
): Promise<BotReply> {
  const text = input.text.trim();
  if (!text) return { kind: "notice", text: EMPTY_TEXT };
  const command = commandOf(text);
  if (command === "reset") {
    await deps.conversations.reset(input.conversationId);
    return { kind: "notice", text: RESET_TEXT };
  }
  if (command === "help") return { kind: "notice", text: HELP_TEXT };
  if ([...text].length > MAX_QUESTION_CHARS) return { kind: "notice", text: TOO_LONG_TEXT };
  if (!deps.kb.isReady()) return { kind: "notice", text: NOT_READY_TEXT };
  const started = performance.now();
  const answer = await askInConversation(deps, { question: text, conversationId: input.conversationId }, { signal });
  if (deps.audit && input.origin) {
    await deps.audit.record({
      ...input.origin,
      at: new Date(),
      conversationId: input.conversationId,
      question: text,
      ...(answer.standaloneQuestion !== text ? { standaloneQuestion: answer.standaloneQuestion } : {}),
      answer: answer.answer,
      refused: answer.refused,
      citations: answer.citations,
      latencyMs: performance.now() - started,
    });
  }
  return { kind: "answer", answer };
}

export function formatReply(reply: BotReply, options: FormatOptions): string {
  if (reply.kind === "notice") return safeCut(reply.text, options.limit);
  return formatAnswer(reply.answer, options);
}
