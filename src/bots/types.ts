/** What every messenger bot needs from the rest of the service. */
import type { ConversationDeps } from "../conversation/ask-in-conversation.js";
import type { Logger } from "../core/logger.js";
import type { AuditLog, Claims } from "../store/types.js";

export interface BotDeps extends ConversationDeps {
  /** Public address of the chat page; sources link to it when set. */
  publicBaseUrl?: string;
  /** The bots never log message contents or secrets, only what happened. */
  log: Logger;
  /** Clock in milliseconds; injectable for tests of timestamps and dedup windows. */
  now?: () => number;
  /**
   * Where message ids and DingTalk's signatures are claimed: the state store, so a retry reaching
   * another instance, or arriving after a restart, is not answered twice. @default this process's memory
   */
  claims?: Claims;
  /** Where every answered or refused question is recorded. @default not recorded */
  audit?: AuditLog;
  /** Outgoing HTTP; injectable for tests. */
  fetch?: typeof fetch;
}
