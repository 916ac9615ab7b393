/** `npm run index [-- --rebuild]`: build or update the index and print the report. */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadConfig, loadDotEnv } from "../config.js";
import type { IndexProgress } from "../index/indexer.js";
import { createKnowledgeBase } from "../wiring.js";
import { formatIndexReport } from "./report.js";

const { values } = parseArgs({ options: { rebuild: { type: "boolean", default: false }, json: { type: "boolean", default: false } } });
loadDotEnv();
const config = loadConfig();
const kb = await createKnowledgeBase(config);

// A bar on a terminal; in pipes and CI one line per file, which logs read better.
const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: "索引 {bar} {value}/{total} {file}", stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
let started = false;
const onProgress = (p: IndexProgress) => {
  if (bar) {
    if (!started) bar.start(p.total, 0, { file: "" });
    started = true;
    bar.update(p.done, { file: p.relPath });
  } else if (p.relPath) {
    process.stderr.write(`[${p.done + 1}/${p.total}] ${p.relPath}\n`);
  }
};
const report = await kb.reindex({ onProgress, rebuild: values.rebuild });
bar?.stop();
console.log(values.json ? JSON.stringify(report) : formatIndexReport(report));
