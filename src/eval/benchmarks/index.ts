/** Benchmark adapters by name. */
import type { AdapterOptions } from "./ncpqa.js";
import { loadNcpqa } from "./ncpqa.js";
import { loadCmrc2018 } from "./cmrc2018.js";
import { loadLaws } from "./laws.js";
import type { Benchmark, BenchmarkName } from "./common.js";

export { BENCHMARKS, materializeCorpus, sampleItems, type Benchmark, type BenchmarkName } from "./common.js";

export function loadBenchmark(
  name: BenchmarkName,
  dataPath: string,
  opts: AdapterOptions = {},
): Promise<Benchmark & { dropped: string[] }> {
  if (name === "laws") return loadLaws(dataPath, opts);
  return name === "ncpqa" ? loadNcpqa(dataPath, opts) : loadCmrc2018(dataPath, opts);
}
