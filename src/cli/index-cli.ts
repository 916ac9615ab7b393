/** `npm run index [-- --rebuild]`: build or update the index and print the report. */
import cliProgress from "cli-progress";
import { buildIndex, type IndexProgress } from "../index/indexer.js";
import { embeddingChoice } from "../providers/embedding-choice.js";
import { createTokenizer } from "../text/tokenize.js";
import { cliConfig, isEntryPoint, parseCommandLine, runParsed } from "./entry.js";
import { formatIndexReport } from "../index/report-text.js";

const OPTIONS = {
  rebuild: { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, (args) => parseCommandLine(args, { options: OPTIONS }).values, runIndex);
}

/** Builds and publishes; the new generation is not loaded, as nothing here would search it. */
async function runIndex(values: { rebuild: boolean; json: boolean }): Promise<number> {
  const config = cliConfig();
  const progress = createProgress();
  const report = await buildIndex({
    corpusDir: config.CORPUS_DIR,
    dataDir: config.DATA_DIR,
    chunkChars: config.CHUNK_CHARS,
    tokenizer: createTokenizer(),
    embedding: await embeddingChoice(config),
    rebuild: values.rebuild,
    onProgress: progress.onProgress,
  });
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
