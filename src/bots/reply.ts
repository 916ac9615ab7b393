/**
 * The reply lifecycle every messenger bot shares, once a request is verified and parsed:
 *
 *   seen? → start the answer → ready within the deadline? → reply inline
 *                                                        → else acknowledge, send it later
 *         → done
 *
 * A message id already seen (being answered, or answered) is acknowledged and not answered again.
 * An answer ready within the messenger's deadline goes into the response (a passive reply);
 * otherwise — or when the messenger takes no inline replies — the request is acknowledged at once
 * and the answer sent through the messenger's API when ready. A failed answer becomes FAILED_TEXT;
 * a failed send is logged, never thrown. The routers keep what is their own: checking and parsing
 * the request, and encoding the responses and API calls this module is handed.
 */
import { FAILED_TEXT, NOT_TEXT, handleText, type BotReply } from "./chat.js";
import { Dedup } from "./dedup.js";
import type { Logger } from "../core/logger.js";
import type { BotDeps } from "./types.js";
import type { AuditOrigin, Claims } from "../store/types.js";

/** What a bot logs at each step; every line starts with "<bot>: ". */
export interface ReplyLogWording {
  /** The name of the message id in the logged details: "msgId", "eventId". */
  idKey: string;
  /** A repeated id, e.g. "duplicate message ignored". */
  duplicate: string;
  /** Also log the id's dedup state ("pending" or "done") with a duplicate. */
  duplicateState?: boolean;
  /** The answer went into the response, e.g. "answered passively". */
  inline?: string;
  /** The answer was sent later, e.g. "answered through the API". */
  later: string;
  /** Sending it later failed, e.g. "sending through the API failed". */
  sendFailed: string;
}

export interface ReplyLifecycleOptions {
  /** Prefix of the log lines: "wecom", "dingtalk", "feishu". */
  bot: string;
  log: Logger;
  wording: ReplyLogWording;
  /** Message ids are remembered this long; at least the bot's timestamp window. @default Dedup's 30 minutes */
  dedupTtlMs?: number;
  /** Where message ids are claimed: the state store shared by instances. @default this process's memory */
  claims?: Claims;
  /** Wall clock of the dedup window. @default Date.now */
  now?: () => number;
  /** Clock the reply deadline is measured by. @default performance.now */
  clock?: () => number;
}

/** One incoming message, mapped by its router to what the lifecycle needs. */
export interface IncomingMessage {
  /** The messenger's id of the message; a repeated id is not answered again. */
  id: string;
  /** Starts the answer. Absent when the message needs none: it is acknowledged and remembered as seen. */
  answer?: () => Promise<BotReply>;
  /** Responds to the messenger's request without an answer: for duplicates, and before answering later. */
  acknowledge: () => void;
  /** The answer as the response to the request, when ready within `deadlineMs`. Absent: always acknowledge and send later. */
  inline?: { deadlineMs: number; format: (reply: BotReply) => string; send: (text: string) => void };
  /** The answer through the messenger's API, after acknowledging. */
  later: { format: (reply: BotReply) => string; send: (text: string) => Promise<void> };
}

/**
 * How a message was handled: "duplicate" (seen before), "none" (nothing to answer), "inline"
 * (answered in the response) or "later" (acknowledged; sent through the API).
 */
export type ReplyOutcome = "duplicate" | "none" | "inline" | "later";

/**
 * Runs one message through the lifecycle. Resolves once the request has its response, with the
 * outcome and `done`, which resolves when the message is done with (sent later, or failed to).
 */
export type ReplyLifecycle = (message: IncomingMessage) => Promise<{ outcome: ReplyOutcome; done: Promise<void> }>;

export function createReplyLifecycle(options: ReplyLifecycleOptions): ReplyLifecycle {
  const { bot, log, wording } = options;
  const dedup = new Dedup({
    ttlMs: options.dedupTtlMs,
    now: options.now,
    claims: options.claims,
    namespace: `${bot}:msg:`,
  });
  const ids = (id: string) => ({ [wording.idKey]: id });
  const settled = Promise.resolve();

  const sendLater = async (m: IncomingMessage, work: Promise<BotReply>): Promise<void> => {
    let text: string;
    try {
      text = m.later.format(await work);
    } catch (err) {
      log.error(`${bot}: answering failed`, { ...ids(m.id), error: String(err) });
      text = FAILED_TEXT;
    }
    try {
      await m.later.send(text);
      log.info(`${bot}: ${wording.later}`, ids(m.id));
    } catch (err) {
      log.error(`${bot}: ${wording.sendFailed}`, { ...ids(m.id), error: String(err) });
    } finally {
      await dedup.complete(m.id).catch((err) => log.error(`${bot}: marking answered failed`, { ...ids(m.id), err }));
    }
  };

  return async (m) => {
    const state = await dedup.claim(m.id);
    if (state !== "new") {
      log.info(`${bot}: ${wording.duplicate}`, wording.duplicateState ? { ...ids(m.id), state } : ids(m.id));
      m.acknowledge();
      return { outcome: "duplicate", done: settled };
    }
    if (!m.answer) {
      m.acknowledge();
      await dedup.complete(m.id);
      return { outcome: "none", done: settled };
    }
    if (!m.inline) {
      m.acknowledge();
      return { outcome: "later", done: sendLater(m, start(m.answer)) };
    }

    const work = start(m.answer);
    let ready: { value: BotReply } | undefined;
    try {
      ready = await withinDeadline(work, m.inline.deadlineMs, options.clock);
    } catch (err) {
      log.error(`${bot}: answering failed`, { ...ids(m.id), error: String(err) });
      m.inline.send(FAILED_TEXT);
      await dedup.complete(m.id);
      return { outcome: "inline", done: settled };
    }
    if (ready) {
      m.inline.send(m.inline.format(ready.value));
      await dedup.complete(m.id);
      if (wording.inline) log.info(`${bot}: ${wording.inline}`, ids(m.id));
      return { outcome: "inline", done: settled };
    }
    // Too slow for the response: acknowledge now, send the answer when ready.
    m.acknowledge();
    return { outcome: "later", done: sendLater(m, work) };
  };
}

/** Starts an answer; a rejection is kept from going unhandled while the lifecycle waits for it. */
function start(answer: () => Promise<BotReply>): Promise<BotReply> {
  let work: Promise<BotReply>;
  try {
    work = answer();
  } catch (err) {
    work = Promise.reject(err);
  }
  work.catch(() => undefined);
  return work;
}

/** The answer to a message: text is handled by handleText, anything else gets the NOT_TEXT notice. */
export function answerFor(
  deps: BotDeps,
  message: { isText: boolean; text: string; conversationId: string; origin?: AuditOrigin },
): () => Promise<BotReply> {
  const { isText, text, conversationId, origin } = message;
  return () =>
    isText ? handleText(deps, { text, conversationId, origin }) : Promise.resolve({ kind: "notice", text: NOT_TEXT });
}

/**
 * Waits for `work` at most `ms` milliseconds: its value when in time, else `undefined` (the work
 * keeps running; the caller takes it from there). Time is measured by the clock, so work that
 * blocks the event loop past the deadline counts as late even if its promise wins the race.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  clock: () => number = () => performance.now(),
): Promise<{ value: T } | undefined> {
  const start = clock();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const result = await Promise.race([work.then((value) => ({ value })), timeout]);
    return result && clock() - start <= ms ? result : undefined;
  } finally {
    clearTimeout(timer);
  }
}
