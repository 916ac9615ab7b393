/** The JSON a DingTalk enterprise robot receives, validated with zod. */
import { z } from "zod";

export const DingtalkMessageSchema = z.object({
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).optional(),
  msgId: z.string().min(1),
  conversationId: z.string().min(1),
  /** "1" a direct chat, "2" a group. */
  conversationType: z.enum(["1", "2"]),
  senderStaffId: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  chatbotUserId: z.string().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  createAt: z.number().optional(),
});
export type DingtalkMessage = z.infer<typeof DingtalkMessageSchema>;

/** Whether the robot should answer: direct chats always, groups only when it was @-mentioned. */
export function addressedToBot(m: DingtalkMessage): boolean {
  if (m.conversationType === "1") return true;
  if (m.isInAtList) return true;
  return Boolean(m.chatbotUserId && m.atUsers?.some((u) => u.dingtalkId === m.chatbotUserId));
}

/** The markdown reply body, for the HTTP response or the sessionWebhook. */
export function markdownReply(
  text: string,
  title = "政策问答",
): { msgtype: "markdown"; markdown: { title: string; text: string } } {
  return { msgtype: "markdown", markdown: { title, text } };
}
