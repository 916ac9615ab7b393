/** The shape of a bench run's JSON result (bench/results/*.json). */
import type { Step } from "./step.js";

export interface BuildMeasure {
  seconds: number;
  peakRssMiB: number;
  diskMB: number;
  /** Chunks as the system reports them (the project: /healthz after start; the baseline: its build). */
  chunks?: number;
}

export interface ProcessMeasure {
  seconds: number;
  peakRssMiB: number;
}

export interface StartMeasure {
  readySeconds: number;
  rssMiB: number;
  chunks?: number;
}

export interface SequentialMeasure {
  n: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
  /** Share of questions whose known answer is in the first 8 retrieved passages. */
  top8: number;
  /** The first few distinct failure messages. */
  failures?: string[];
}

export interface LoadMeasure {
  connections: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  /** Connection errors, timeouts and non-2xx responses. */
  failed: number;
}

export interface ReindexMeasure {
  /** How long the re-index request took (upload to answer). */
  reindexSeconds: number;
  /** Asks answered while it ran, one client asking without pause. */
  n: number;
  failed: number;
  p95: number;
  max: number;
  /** Sequential p95 just before the re-index. */
  idleP95: number;
  /** The first few distinct failure messages. */
  failures?: string[];
}

export interface SystemResult {
  build: Step<BuildMeasure>;
  incremental: Step<ProcessMeasure>;
  start: Step<StartMeasure>;
  sequential: Step<SequentialMeasure>;
  load8: Step<LoadMeasure>;
  load32: Step<LoadMeasure>;
  duringReindex: Step<ReindexMeasure>;
  /** RSS of the service after all asks (MiB). */
  rssAfterAsksMiB?: number;
}

export interface CorpusResult {
  name: string;
  files: number;
  chars: number;
  questions: number;
  project: SystemResult;
  baseline: SystemResult;
  seconds: number;
  /** The machine's 1-minute load average when the corpus started: the bench shares its cores. */
  loadAverage?: number;
}

export interface BenchRun {
  startedAt: string;
  mode: "quick" | "full";
  commit?: string;
  machine: { cpus: number; memoryGiB: number; loadAverage: number[]; node: string };
  heap: string;
  corpora: CorpusResult[];
  totalSeconds: number;
}
