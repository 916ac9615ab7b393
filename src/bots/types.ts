/** What every messenger bot needs from the rest of the service. */
import type { ConversationDeps } from "../conversation/ask-in-conversation.js";

/** Structured log line; the bots never log message contents or secrets, only what happened. */
export type BotLogger = (level: "info" | "warn" | "error", message: string, details?: Record<string, unknown>) => void;

export const consoleBotLogger: BotLogger = (level, message, details) => {
  const line = `[bots] ${message}${details ? ` ${JSON.stringify(details)}` : ""}`;
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

export interface BotDeps extends ConversationDeps {
  /** Public address of the chat page; sources link to it when set. */
  publicBaseUrl?: string;
  log: BotLogger;
  /** Clock in milliseconds; injectable for tests of timestamps and dedup windows. */
  now?: () => number;
  /** Outgoing HTTP; injectable for tests. */
  fetch?: typeof fetch;
}
