/** Feishu event payloads (schema 2.0, im.message.receive_v1) and the url_verification challenge, validated with zod. Pure. */
import { z } from "zod";

export const EncryptedBodySchema = z.object({ encrypt: z.string().min(1) });

export const ChallengeSchema = z.object({
  type: z.literal("url_verification"),
  challenge: z.string(),
  token: z.string().optional(),
});

export const EventHeaderSchema = z.object({
  event_id: z.string().min(1),
  event_type: z.string().min(1),
  token: z.string().optional(),
  app_id: z.string().optional(),
  create_time: z.string().optional(),
  tenant_key: z.string().optional(),
});

const MentionSchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  id: z
    .object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() })
    .partial()
    .optional(),
});

export const MessageReceiveSchema = z.object({
  sender: z.object({
    sender_id: z
      .object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() })
      .partial(),
    sender_type: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string().min(1),
    message_type: z.string().min(1),
    content: z.string(),
    mentions: z.array(MentionSchema).optional(),
  }),
});
export type MessageReceive = z.infer<typeof MessageReceiveSchema>;

export const EventSchema = z.object({
  schema: z.literal("2.0"),
  header: EventHeaderSchema,
  event: z.unknown(),
});

const TextContentSchema = z.object({ text: z.string() });

/**
 * The question in a received message, or undefined when the bot is not addressed: direct chats
 * always; groups only when the message @-mentions someone (Feishu delivers group messages to a
 * bot only when it is mentioned, unless it may read all messages) — the @_user_N keys are removed.
 * Non-text messages give "" (the bot then asks for text).
 */
export function questionOf(e: MessageReceive): string | undefined {
  const m = e.message;
  const mentions = m.mentions ?? [];
  let text = "";
  if (m.message_type === "text") {
    let content: unknown;
    try {
      content = JSON.parse(m.content);
    } catch {
      content = undefined;
    }
    const parsed = TextContentSchema.safeParse(content);
    text = parsed.success ? parsed.data.text : "";
  }
  if (m.chat_type !== "p2p") {
    const mentioned = mentions.length > 0 && mentions.some((x) => text.includes(x.key));
    if (!mentioned) return undefined;
  }
  for (const x of mentions) text = text.replaceAll(x.key, " ");
  return text.replace(/@_all/g, " ").replace(/\s+/g, " ").trim();
}
