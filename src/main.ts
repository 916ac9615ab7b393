/** Entry point: config → knowledge base → app → listen. The index is opened (or built) after listening, so /healthz can say "starting". */
import { ConfigError, loadConfig, loadDotEnv, secretsOf } from "./config.js";
import { createApp } from "./server/app.js";
import { createKnowledgeBase, createRewriter, createStateStore } from "./wiring.js";
import { importFeedbackFile, startMaintenance } from "./store/maintenance.js";
import { Indexing } from "./server/indexing.js";
import { createBotRouters, enabledBots } from "./bots/index.js";
import { createConsoleLogger } from "./core/logger.js";

/** How often the service looks for an index generation another instance published. */
const FOLLOW_INTERVAL_MS = 10_000;

loadDotEnv();
let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    createConsoleLogger().error(err.message);
    process.exit(1);
  }
  throw err;
}
// Every log line goes through the configured secrets: an upstream error that echoes a key is written redacted.
const secrets = secretsOf(config);
const log = createConsoleLogger(undefined, { secrets, level: config.LOG_LEVEL });
// One state store for the page and the messenger bots (bot conversation ids are prefixed: wecom:…,
// feishu:…), shared with every instance using the same database; its lock also serializes index
// builds of instances sharing DATA_DIR.
let store;
try {
  store = await createStateStore(config);
  const imported = await importFeedbackFile(store, config.DATA_DIR);
  if (imported) log.info("feedback imported from feedback.jsonl", { records: imported });
} catch (err) {
  log.error("state store cannot be opened", { err });
  process.exit(1);
}
await startMaintenance(store, { auditRetentionDays: config.AUDIT_RETENTION_DAYS, log });
// The knowledge base is the one readiness signal: until open() has loaded or built the index,
// the API answers 503 and the bots their not-ready notice.
// Builds run in a worker thread, so questions are answered at their usual pace during a re-index.
const kb = await createKnowledgeBase(config, {
  onThesaurusError: (m) => log.warn(m),
  buildLock: (fn) => store.withLock("index-build", fn),
  buildInWorker: true,
});
const indexing = new Indexing(kb);
const rewriter = await createRewriter(config, log);
const { conversations, claims, audit } = store;
const botRouters = createBotRouters(config, {
  kb,
  conversations,
  claims,
  audit,
  rewriter,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  log: createConsoleLogger(undefined, { prefix: "bots", secrets, level: config.LOG_LEVEL }),
});
const app = createApp({
  kb,
  indexing,
  rewriter,
  conversations,
  routers: botRouters,
  corpusDir: config.CORPUS_DIR,
  feedback: store.feedback,
  audit,
  adminTokens: config.ADMIN_TOKENS,
  apiTokens: config.API_TOKENS,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  botRateLimitPerMinute: config.BOT_RATE_LIMIT_PER_MINUTE,
  maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
  trustProxy: config.TRUST_PROXY,
  logQuestions: config.LOG_QUESTIONS,
  log,
});
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const bots = enabledBots(config);
  log.info("service listening", {
    url: `http://${config.HOST}:${port}`,
    corpusDir: config.CORPUS_DIR,
    dataDir: config.DATA_DIR,
    stateStore: store.kind,
    ...(bots.length ? { bots } : {}),
  });
});
server.on("error", (err) => {
  log.error("service cannot listen", { err });
  process.exit(1);
});
try {
  // This process owns CORPUS_DIR and DATA_DIR: staging a killed process left behind goes first.
  const report = await kb.open({ removeLeftovers: true });
  if (report) {
    indexing.record(report);
    log.info("index updated at start-up", { report });
  }
  log.info("index ready");
  // Another instance sharing DATA_DIR may publish a newer generation (after an upload there): load it.
  setInterval(() => {
    kb.followPublished().then(
      (loaded) => loaded && log.info("index published by another instance loaded"),
      (err) => log.error("index published by another instance could not be loaded", { err }),
    );
  }, FOLLOW_INTERVAL_MS).unref();
} catch (err) {
  log.error("index could not be opened", { err });
  process.exit(1);
}

const shutdown = () => server.close(() => void store.close().finally(() => process.exit(0)));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
