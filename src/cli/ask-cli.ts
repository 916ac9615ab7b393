/** `npm run ask -- "问题" [--json] [--kind reply_letter] [--year 2021] [--issuer 工业和信息化局]`. */
import { z } from "zod";
import { loadConfig, loadDotEnv } from "../config.js";
import { AskRequestSchema, type AskRequest } from "../core/schemas.js";
import { createKnowledgeBase } from "../wiring.js";
import { isEntryPoint, parseCommandLine, USAGE_EXIT_CODE, UsageError } from "./entry.js";
import { formatAnswer } from "./report.js";

export interface AskCliOptions {
  json: boolean;
  request: AskRequest;
}

/** The question and its filters, checked like the API's requests. */
export function parseAskArgs(argv: string[]): AskCliOptions {
  const { values, positionals } = parseCommandLine(argv, {
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      kind: { type: "string" },
      issuer: { type: "string" },
      year: { type: "string" },
    },
  });
  const request = AskRequestSchema.safeParse({
    question: positionals.join(" "),
    filters: {
      kind: values.kind,
      issuer: values.issuer,
      year: values.year === undefined ? undefined : Number(values.year),
    },
  });
  if (!request.success) throw new UsageError(`输入有误：\n${z.prettifyError(request.error)}`);
  return { json: values.json, request: request.data };
}

export async function main(argv: string[]): Promise<number> {
  let opts: AskCliOptions;
  try {
    opts = parseAskArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return USAGE_EXIT_CODE;
  }
  loadDotEnv();
  const kb = await createKnowledgeBase(loadConfig(process.env));
  const report = await kb.open();
  if (report && !opts.json) console.error(`（首次使用，已建立索引：${report.chunks} 个片段）`);
  const streamTokens = !opts.json && process.stdout.isTTY && kb.answererName !== "extractive";
  const answer = await kb.ask(opts.request.question, {
    filters: opts.request.filters,
    onToken: streamTokens ? (t) => process.stdout.write(t) : undefined,
  });
  if (opts.json) {
    const { answer: text, refused, citations } = answer;
    process.stdout.write(`${JSON.stringify({ answer: text, refused, citations })}\n`);
  } else {
    if (streamTokens) process.stdout.write("\n\n");
    console.log(formatAnswer(answer));
  }
  return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
