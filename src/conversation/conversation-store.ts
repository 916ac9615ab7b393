/**
 * Conversations kept in memory, bounded in number and age: enough for follow-up questions in a
 * chat page or a messenger thread. Losing them on restart only costs the context of a follow-up.
 */
import type { Turn } from "./follow-up.js";

export interface ConversationStoreOptions {
  /** Turns kept per conversation. @default 10 */
  maxTurns?: number;
  /** Conversations kept at once; the least recently used go first. @default 1000 */
  maxConversations?: number;
  /** Idle time after which a conversation is forgotten. @default 2 hours */
  ttlMs?: number;
  now?: () => number;
}

export class ConversationStore {
  private readonly conversations = new Map<string, { turns: Turn[]; touched: number }>();
  private readonly maxTurns: number;
  private readonly maxConversations: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ConversationStoreOptions = {}) {
    this.maxTurns = options.maxTurns ?? 10;
    this.maxConversations = options.maxConversations ?? 1000;
    this.ttlMs = options.ttlMs ?? 2 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  history(id: string): Turn[] {
    const c = this.conversations.get(id);
    if (!c || this.now() - c.touched > this.ttlMs) {
      this.conversations.delete(id);
      return [];
    }
    return [...c.turns];
  }

  append(id: string, turn: Turn): void {
    const turns = [...this.history(id), turn].slice(-this.maxTurns);
    // Re-inserting moves the conversation to the end of the Map's order: most recently used.
    this.conversations.delete(id);
    this.conversations.set(id, { turns, touched: this.now() });
    while (this.conversations.size > this.maxConversations) {
      this.conversations.delete(this.conversations.keys().next().value!);
    }
  }

  reset(id: string): void {
    this.conversations.delete(id);
  }
}
