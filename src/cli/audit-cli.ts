/**
 * `npm run audit -- export [--format csv|jsonl] [--since 2026-01-01] [--until 2026-02-01] [--out file]`:
 * the audit log of questions from the configured state store (DATABASE_URL, else DATA_DIR/state.db),
 * written to stdout or a file. `since` is inclusive, `until` exclusive.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { AUDIT_EXPORT_FORMATS, exportAudit, type AuditExportFormat } from "../store/audit-export.js";
import { createStateStore } from "../wiring.js";
import { cliConfig, isEntryPoint, parseCommandLine, runParsed, UsageError } from "./entry.js";

const OPTIONS = {
  format: { type: "string", default: "csv" },
  since: { type: "string" },
  until: { type: "string" },
  out: { type: "string" },
} as const;

interface AuditArgs {
  format: AuditExportFormat;
  since?: Date;
  until?: Date;
  out?: string;
}

function parseTime(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new UsageError(`--${name} 应为日期或时间，例如 2026-01-31 或 2026-01-31T08:00:00Z`);
  return new Date(t);
}

export function parseAuditArgs(argv: string[]): AuditArgs {
  const { values, positionals } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: true });
  if (positionals.length !== 1 || positionals[0] !== "export")
    throw new UsageError(
      "用法：npm run audit -- export [--format csv|jsonl] [--since 日期] [--until 日期] [--out 文件]",
    );
  const format = values.format as AuditExportFormat;
  if (!AUDIT_EXPORT_FORMATS.includes(format)) throw new UsageError("--format 只能是 csv 或 jsonl");
  return { format, since: parseTime("since", values.since), until: parseTime("until", values.until), out: values.out };
}

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseAuditArgs, runExport);
}

async function runExport(args: AuditArgs): Promise<number> {
  const store = await createStateStore(cliConfig());
  const out = args.out ? createWriteStream(args.out) : process.stdout;
  try {
    for await (const chunk of exportAudit(store.audit, { since: args.since, until: args.until }, args.format)) {
      if (!out.write(chunk)) await once(out, "drain");
    }
  } finally {
    await store.close();
    if (out !== process.stdout)
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
