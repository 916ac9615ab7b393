/**
 * POST /api/ask: JSON by default; with `Accept: text/event-stream`, server-sent events —
 * `sources` (the retrieved passages), `token` (answer text as it is produced), then one `final`
 * (exactly the JSON answer) or one `error` ({code, message}). A client that goes away aborts.
 */
import { Router, type Request } from "express";
import { z } from "zod";
import { makeCitation } from "../../answer/citations.js";
import { AskRequestSchema } from "../../core/schemas.js";
import type { Citation } from "../../core/types.js";
import { askInConversation, type ConversationDeps } from "../../conversation/ask-in-conversation.js";
import type { Logger } from "../../core/logger.js";
import { badRequest, INTERNAL_ERROR, requireReady, toHttpError } from "../errors.js";
import { startSse } from "../sse.js";
import { tokenNameOf } from "../middleware/auth.js";
import type { AuditLog } from "../../store/types.js";
import { requestIdOf } from "../middleware/request-log.js";

export const ApiAskRequestSchema = AskRequestSchema.extend({
  conversationId: z
    .string({ error: "conversationId 必须是字符串" })
    .min(1, { error: "conversationId 不能为空" })
    .max(100, { error: "conversationId 不能超过100个字符" })
    .regex(/^[A-Za-z0-9_.-]+$/, { error: "conversationId 只能包含字母、数字和 _ . -" })
    .optional(),
}).strict();

/** What both the JSON route and the `final` event carry. */
export interface ApiAnswer {
  answer: string;
  refused: boolean;
  citations: Citation[];
  nearest?: Citation[];
  standaloneQuestion: string;
  conversationId?: string;
}

export interface AskRouteDeps extends ConversationDeps {
  log: Logger;
  /** Where every answered or refused question is recorded. @default not recorded */
  audit?: AuditLog;
}

/**
 * The page's own requests are same-origin fetches, which browsers mark with Sec-Fetch-Site;
 * anything else (scripts, other systems) counts as the API. For the audit log only: it is not access control.
 */
export function channelOf(req: Request): "page" | "api" {
  return req.get("sec-fetch-site") === "same-origin" ? "page" : "api";
}

function wantsStream(accept: string | undefined): boolean {
  return /\btext\/event-stream\b/i.test(accept ?? "");
}

export function askRouter(deps: AskRouteDeps): Router {
  const router = Router();
  router.post("/", async (req, res) => {
    const parsed = ApiAskRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    requireReady(deps.kb);
    const { question, filters, conversationId } = parsed.data;
    // The store is shared with the messenger bots (wecom:…, feishu:…); API ids live in their own namespace.
    const storeId = conversationId ? `web:${conversationId}` : undefined;
    const controller = new AbortController();
    // A client that goes away should not keep a chat model busy.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const started = performance.now();
    const record = async (a: Awaited<ReturnType<typeof askInConversation>>) => {
      const user = tokenNameOf(res);
      await deps.audit?.record({
        at: new Date(),
        channel: channelOf(req),
        ...(user ? { user } : {}),
        ...(storeId ? { conversationId: storeId } : {}),
        question,
        ...(a.standaloneQuestion !== question ? { standaloneQuestion: a.standaloneQuestion } : {}),
        answer: a.answer,
        refused: a.refused,
        citations: a.citations,
        latencyMs: performance.now() - started,
      });
    };
    const toApi = (a: Awaited<ReturnType<typeof askInConversation>>): ApiAnswer => ({
      answer: a.answer,
      refused: a.refused,
      citations: a.citations,
      ...(a.nearest ? { nearest: a.nearest } : {}),
      standaloneQuestion: a.standaloneQuestion,
      ...(conversationId ? { conversationId } : {}),
    });

    if (!wantsStream(req.get("accept"))) {
      let a;
      try {
        a = await askInConversation(
          deps,
          { question, filters, conversationId: storeId },
          { signal: controller.signal },
        );
      } catch (err) {
        // A client that went away is not a server error: there is nobody to answer and nothing to log.
        if (controller.signal.aborted) return;
        throw err;
      }
      await record(a);
      res.json(toApi(a));
      return;
    }

    const sse = startSse(res);
    try {
      const a = await askInConversation(
        deps,
        { question, filters, conversationId: storeId },
        {
          signal: controller.signal,
          onSources: (passages) =>
            sse.send(
              "sources",
              passages.map((p, i) => makeCitation(i + 1, p)),
            ),
          onToken: (text) => sse.send("token", { text }),
        },
      );
      await record(a);
      sse.send("final", toApi(a));
    } catch (err) {
      // After a disconnect there is nobody to tell; the abort is the expected way out.
      if (!controller.signal.aborted) {
        const known = toHttpError(err);
        if (!known) deps.log.error("answer failed while streaming", { err, reqId: requestIdOf(res) });
        const { code, message } = known ?? INTERNAL_ERROR;
        sse.send("error", { code, message });
      }
    } finally {
      sse.end();
    }
  });
  return router;
}
