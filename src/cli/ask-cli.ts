/** `npm run ask -- "问题" [--json] [--kind reply_letter] [--year 2021] [--issuer 工业和信息化局]`. */
import { z } from "zod";
import { AskRequestSchema, type AskRequest } from "../core/schemas.js";
import { createKnowledgeBase } from "../wiring.js";
import { cliConfig, isEntryPoint, parseCommandLine, runParsed, UsageError } from "./entry.js";
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

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseAskArgs, runAsk);
}

async function runAsk(opts: AskCliOptions): Promise<number> {
  const kb = await createKnowledgeBase(cliConfig());
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
