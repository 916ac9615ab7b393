/** POST /api/feedback: 👍/👎 and an optional comment on an answer, stored durably. */
import { Router } from "express";
import { AppError } from "../../core/errors.js";
import { FeedbackRequestSchema, type FeedbackLog } from "../../feedback/feedback-store.js";
import { badRequest } from "../errors.js";

export function feedbackRouter(store: FeedbackLog | undefined): Router {
  const router = Router();
  router.post("/", async (req, res) => {
    const parsed = FeedbackRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    if (!store) throw new AppError("NOT_CONFIGURED", "未配置反馈存储。");
    const record = await store.add(parsed.data);
    res.status(201).json({ id: record.id, at: record.at });
  });
  return router;
}
