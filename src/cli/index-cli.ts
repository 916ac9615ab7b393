/** `npm run index [-- --rebuild]`: build or update the index and print the report. */
import cliProgress from "cli-progress";
import { loadConfig, loadDotEnv } from "../config.js";
import type { IndexProgress } from "../index/indexer.js";
import { createKnowledgeBase } from "../wiring.js";
import { isEntryPoint, parseCommandLine, USAGE_EXIT_CODE, UsageError } from "./entry.js";
import { formatIndexReport } from "../index/report-text.js";

export async function main(argv: string[]): Promise<number> {
  let values: { rebuild: boolean; json: boolean };
  try {
    const options = {
      rebuild: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    } as const;
    ({ values } = parseCommandLine(argv, { options }));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return USAGE_EXIT_CODE;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  const kb = await createKnowledgeBase(config);
  const progress = createProgress();
  const report = await kb.reindex({ onProgress: progress.onProgress, rebuild: values.rebuild });
  progress.stop();
  console.log(values.json ? JSON.stringify(report) : formatIndexReport(report));
  return 0;
}

/** A bar on a terminal; in pipes and CI one line per file, which logs read better. */
function createProgress(): { onProgress: (p: IndexProgress) => void; stop: () => void } {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: "索引 {bar} {value}/{total} {file}", stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
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
  return { onProgress, stop: () => bar?.stop() };
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
