/**
 * GET /admin/audit?format=csv|jsonl&since=…&until=…: the audit log of questions as a download,
 * for administrators (ADMIN_TOKENS). Times are ISO dates or date-times; `since` is inclusive,
 * `until` exclusive. The file is streamed page by page.
 */
import { once } from "node:events";
import { Router } from "express";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { AUDIT_EXPORT_FORMATS, exportAudit } from "../../store/audit-export.js";
import type { AuditLog } from "../../store/types.js";
import { badRequest } from "../errors.js";

const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    error: "时间格式应为 2026-01-31 或 2026-01-31T08:00:00Z",
  })
  .transform((s) => new Date(s));

export const AuditExportQuerySchema = z
  .object({
    format: z.enum(AUDIT_EXPORT_FORMATS, { error: "format 只能是 csv 或 jsonl" }).default("csv"),
    since: isoTime.optional(),
    until: isoTime.optional(),
  })
  .strict();

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

export function adminRouter(audit: AuditLog | undefined): Router {
  const router = Router();
  router.get("/audit", async (req, res) => {
    const parsed = AuditExportQuerySchema.safeParse(req.query);
    if (!parsed.success) throw badRequest(parsed.error);
    if (!audit) throw new AppError("NOT_CONFIGURED", "未配置审计日志。");
    const { format, since, until } = parsed.data;
    res.setHeader("Content-Type", CONTENT_TYPE[format]);
    res.setHeader(
      "Content-Disposition",
      `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.${format}"`,
    );
    res.setHeader("Cache-Control", "no-store");
    for await (const chunk of exportAudit(audit, { since, until }, format)) {
      if (!res.write(chunk)) await once(res, "drain");
    }
    res.end();
  });
  return router;
}
