/** What every messenger bot needs from the rest of the service. */
import type { ConversationDeps } from "../conversation/ask-in-conversation.js";
import type { Logger } from "../core/logger.js";

export interface BotDeps extends ConversationDeps {
  /** Public address of the chat page; sources link to it when set. */
  publicBaseUrl?: string;
  /** The bots never log message contents or secrets, only what happened. */
  log: Logger;
  /** Clock in milliseconds; injectable for tests of timestamps and dedup windows. */
  now?: () => number;
  /** Outgoing HTTP; injectable for tests. */
  fetch?: typeof fetch;
}
