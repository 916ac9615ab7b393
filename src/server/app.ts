/** createApp builds the Express app from its dependencies; only main.ts listens. */
import express from "express";
import { AppError } from "../core/errors.js";
import { AskRequestSchema } from "../core/schemas.js";
import type { KnowledgeBase } from "../knowledge-base.js";
import { badRequest, errorHandler, notFound } from "./errors.js";

export interface AppDeps {
  kb: KnowledgeBase;
  /** Whether the index is open and questions can be answered. */
  isReady: () => boolean;
  log?: (message: string, err?: unknown) => void;
  /** Further routers (e.g. messenger bots), mounted at their paths before the 404 handler. */
  routers?: Array<[path: string, router: express.Router]>;
}

export function createApp({ kb, isReady, log = (m, e) => console.error(m, e), routers = [] }: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "32kb" }));

  app.get("/healthz", (_req, res) => {
    if (!isReady()) {
      res.status(503).json({ status: "starting", message: "正在加载或建立索引，请稍候。" });
      return;
    }
    const index = kb.current!;
    res.json({ status: "ok", documents: index.documents.size, chunks: index.chunks.size, embedding: index.manifest.embeddingId });
  });

  app.post("/api/ask", async (req, res) => {
    const parsed = AskRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    if (!isReady()) throw new AppError("NOT_READY", 503, "知识库正在建立索引，请稍后再试。");
    const controller = new AbortController();
    // A client that goes away should not keep a chat model busy.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const { answer, refused, citations, nearest } = await kb.ask(parsed.data.question, {
      filters: parsed.data.filters,
      signal: controller.signal,
    });
    res.json({ answer, refused, citations, ...(nearest ? { nearest } : {}) });
  });

  for (const [path, router] of routers) app.use(path, router);
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
