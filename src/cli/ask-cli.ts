/** `npm run ask -- "问题" [--json] [--kind reply_letter] [--year 2021] [--issuer 工业和信息化局]`. */
import { z } from "zod";
import { secretsOf, type Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { redactSecrets } from "../core/logger.js";
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

/** Exit code of a question that could not be answered (the endpoint failed, the index could not be built). */
const FAILURE_EXIT_CODE = 1;

/** An error as the CLI reports it: its code (INTERNAL when it is not ours) and message, secrets redacted. */
function cliError(err: unknown, config?: Config): { code: string; message: string } {
  const secrets = config ? secretsOf(config) : [];
  const message = err instanceof Error ? err.message : String(err);
  return { code: err instanceof AppError ? err.code : "INTERNAL", message: redactSecrets(message, secrets) };
}

async function runAsk(opts: AskCliOptions): Promise<number> {
  let config: Config | undefined;
  try {
    config = cliConfig();
    return await answerQuestion(opts, config);
  } catch (err) {
    const error = cliError(err, config);
    // With --json, stdout holds exactly one JSON object, an answer or this error.
    if (opts.json) process.stdout.write(`${JSON.stringify({ error })}\n`);
    else console.error(`出错（${error.code}）：${error.message}`);
    return FAILURE_EXIT_CODE;
  }
}

async function answerQuestion(opts: AskCliOptions, config: Config): Promise<number> {
  const kb = await createKnowledgeBase(config);
  const report = await kb.open();
  if (report && !opts.json) console.error(`（已建立或更新索引：${report.chunks} 个片段）`);
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
