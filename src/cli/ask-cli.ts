/** `npm run ask -- "问题" [--json] [--kind reply_letter] [--year 2021] [--issuer 工业和信息化局]`. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig, loadDotEnv } from "../config.js";
import { AskRequestSchema } from "../core/schemas.js";
import { createKnowledgeBase } from "../wiring.js";
import { formatAnswer } from "./report.js";

const { values, positionals } = parseArgs({
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
  filters: { kind: values.kind, issuer: values.issuer, year: values.year === undefined ? undefined : Number(values.year) },
});
if (!request.success) {
  console.error(`输入有误：\n${z.prettifyError(request.error)}`);
  process.exit(2);
}
loadDotEnv();
const kb = await createKnowledgeBase(loadConfig());
const report = await kb.open();
if (report && !values.json) console.error(`（首次使用，已建立索引：${report.chunks} 个片段）`);
const streamTokens = !values.json && process.stdout.isTTY && kb.answererName !== "extractive";
const answer = await kb.ask(request.data.question, {
  filters: request.data.filters,
  onToken: streamTokens ? (t) => process.stdout.write(t) : undefined,
});
if (values.json) {
  const { answer: text, refused, citations } = answer;
  process.stdout.write(`${JSON.stringify({ answer: text, refused, citations })}\n`);
} else {
  if (streamTokens) process.stdout.write("\n\n");
  console.log(formatAnswer(answer));
}
