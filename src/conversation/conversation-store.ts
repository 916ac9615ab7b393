/**
 * Conversations: the turns a follow-up question is read against. The service keeps them in its
 * state store (store/, shared by every instance and kept across restarts); ConversationStore keeps
 * them in memory, bounded in number and age, for tests and tools that need no database.
 */
import type { Turn } from "./follow-up.js";

export interface Conversations {
  /** The conversation's recent turns, oldest first; [] when unknown or idle past its expiry. */
  history(id: string): Promise<Turn[]>;
  append(id: string, turn: Turn): Promise<void>;
  reset(id: string): Promise<void>;
}

export interface ConversationStoreOptions {
  /** Turns kept per conversation. @default 10 */
  maxTurns?: number;
  /** Conversations kept at once; the least recently used go first. @default 1000 */
  maxConversations?: number;
  /** Idle time after which a conversation is forgotten. @default 2 hours */
  ttlMs?: number;
  now?: () => number;
}

export class ConversationStore implements Conversations {
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

  async history(id: string): Promise<Turn[]> {
    return this.current(id);
  }

  private current(id: string): Turn[] {
    const c = this.conversations.get(id);
    if (!c || this.now() - c.touched > this.ttlMs) {
      this.conversations.delete(id);
      return [];
    }
    return [...c.turns];
  }

  async append(id: string, turn: Turn): Promise<void> {
    const turns = [...this.current(id), turn].slice(-this.maxTurns);
    // Re-inserting moves the conversation to the end of the Map's order: most recently used.
    this.conversations.delete(id);
    this.conversations.set(id, { turns, touched: this.now() });
    while (this.conversations.size > this.maxConversations) {
      this.conversations.delete(this.conversations.keys().next().value!);
    }
  }

  async reset(id: string): Promise<void> {
    this.conversations.delete(id);
  }
}
