/** createApp builds the Express app from its dependencies; only main.ts listens. */
import { fileURLToPath } from "node:url";
import express from "express";
import helmet from "helmet";
import { ConversationStore, type Conversations } from "../conversation/conversation-store.js";
import { offlineRewriter, type QuestionRewriter } from "../conversation/ask-in-conversation.js";
import { CorpusFolder } from "../corpus/corpus-folder.js";
import type { FeedbackLog } from "../feedback/feedback-store.js";
import type { AuditLog } from "../store/types.js";
import type { KnowledgeBase } from "../service/knowledge-base.js";
import { createConsoleLogger, type Logger } from "../core/logger.js";
import { errorHandler, notFound } from "./errors.js";
import { Indexing } from "./indexing.js";
import { requireAdmin, requireToken } from "./middleware/auth.js";
import { perClientRateLimit } from "./middleware/rate-limit.js";
import { adminRouter } from "./routes/admin.js";
import { requestLog } from "./middleware/request-log.js";
import { askRouter } from "./routes/ask.js";
import { documentsRouter } from "./routes/documents.js";
import { feedbackRouter } from "./routes/feedback.js";

export interface AppDeps {
  /** Also the one readiness signal: until it has an index open, questions get 503. */
  kb: KnowledgeBase;
  /** Where unexpected errors are logged. @default a console logger */
  log?: Logger;
  /** Further routers (e.g. messenger bots), mounted at their paths before the JSON body parser. */
  routers?: Array<[path: string, router: express.Router]>;
  /** Conversations for follow-up questions (the state store's in the service); a fresh in-memory store by default. */
  conversations?: Conversations;
  /** Follow-up rewriting; offline by default, the LLM rewriter when a chat model is configured. */
  rewriter?: QuestionRewriter;
  /** Re-indexing with status; created over kb when not given. */
  indexing?: Indexing;
  /** Where uploads are written and deletes happen; without it both are refused (503). */
  corpusDir?: string;
  /** Where feedback is stored; without it feedback is refused (503). */
  feedback?: FeedbackLog;
  /** Where answered and refused questions are recorded (page and API here; the bots get it in their deps). */
  audit?: AuditLog;
  /** Bearer tokens of administrators, for /admin (the audit export); empty or absent: /admin is refused (503). */
  adminTokens?: readonly string[];
  /** Bearer tokens for /api; empty or absent means no access control. */
  apiTokens?: readonly string[];
  /** Requests per minute per client on /api; 0 or absent turns the limit off. */
  rateLimitPerMinute?: number;
  /** Requests per minute per client on /bots/*; 0 or absent turns the limit off. */
  botRateLimitPerMinute?: number;
  /** Largest upload in bytes. @default 20 MB */
  maxUploadBytes?: number;
  /** Express "trust proxy" hop count. @default 0 */
  trustProxy?: number;
  /** Whether a question's request log line carries its text (LOG_QUESTIONS). @default false */
  logQuestions?: boolean;
}

/** The page: static files served by the service itself, no external requests. */
export const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

export function createApp({
  kb,
  log = createConsoleLogger(),
  routers = [],
  conversations = new ConversationStore(),
  rewriter = offlineRewriter,
  indexing = new Indexing(kb),
  corpusDir,
  feedback,
  audit,
  adminTokens = [],
  apiTokens = [],
  rateLimitPerMinute = 0,
  botRateLimitPerMinute = 0,
  maxUploadBytes = 20 * 1024 * 1024,
  trustProxy = 0,
  logQuestions = false,
}: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  // First, so every request gets an id and a log line, those refused by the limits below included.
  app.use(requestLog(log, { logQuestions }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
        },
      },
    }),
  );
  // Rate limit and access control come before any body is read.
  app.use("/api", perClientRateLimit(rateLimitPerMinute), requireToken(apiTokens));
  app.use("/admin", perClientRateLimit(rateLimitPerMinute), requireAdmin(adminTokens));
  // The bots verify signatures, decrypt and may call the knowledge base: limited too, on their own count.
  app.use("/bots", perClientRateLimit(botRateLimitPerMinute));
  // Feedback carries an answer and its citations, more than a question; it gets its own limit.
  app.use("/api/feedback", express.json({ limit: "256kb" }));
  // Messenger bots read their own bodies (raw bytes for signatures, XML for WeCom), so they are
  // mounted before the JSON parser: their malformed requests are refused and logged by them.
  for (const [path, router] of routers) app.use(path, router);
  app.use(express.json({ limit: "32kb" }));

  app.get("/healthz", (_req, res) => {
    const s = kb.status();
    if (!s.ready) {
      res.status(503).json({ status: "starting", message: "正在加载或建立索引，请稍候。" });
      return;
    }
    res.json({ status: "ok", documents: s.documents, chunks: s.chunks, embedding: s.embeddingId });
  });

  app.use("/api/ask", askRouter({ kb, conversations, rewriter, log, audit }));
  app.use(
    "/api/documents",
    documentsRouter({ kb, indexing, corpus: corpusDir ? new CorpusFolder(corpusDir) : undefined, maxUploadBytes }),
  );
  app.use("/api/feedback", feedbackRouter(feedback));
  app.use("/admin", adminRouter(audit));
  app.use(express.static(PUBLIC_DIR, { index: "index.html", maxAge: 0 }));

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
