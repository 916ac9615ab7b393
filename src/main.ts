/** Entry point: config → knowledge base → app → listen. The index is opened (or built) after listening, so /healthz can say "starting". */
import { ConfigError, loadConfig, loadDotEnv, secretsOf } from "./config.js";
import { createApp } from "./server/app.js";
import { createKnowledgeBase, createRewriter } from "./wiring.js";
import { FeedbackStore } from "./feedback/feedback-store.js";
import { Indexing } from "./server/indexing.js";
import { formatIndexReport } from "./index/report-text.js";
import { ConversationStore } from "./conversation/conversation-store.js";
import { createBotRouters, enabledBots } from "./bots/index.js";
import { createConsoleLogger } from "./core/logger.js";

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
const log = createConsoleLogger(undefined, { secrets });
// The knowledge base is the one readiness signal: until open() has loaded or built the index,
// the API answers 503 and the bots their not-ready notice.
// Builds run in a worker thread, so questions are answered at their usual pace during a re-index.
const kb = await createKnowledgeBase(config, { onThesaurusError: (m) => log.warn(m), buildInWorker: true });
const indexing = new Indexing(kb);
const rewriter = await createRewriter(config, log);
// One store for the page and the messenger bots; bot conversation ids are prefixed (wecom:…, feishu:…).
const conversations = new ConversationStore();
const botRouters = createBotRouters(config, {
  kb,
  conversations,
  rewriter,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  log: createConsoleLogger(undefined, { prefix: "bots", secrets }),
});
const app = createApp({
  kb,
  indexing,
  rewriter,
  conversations,
  routers: botRouters,
  corpusDir: config.CORPUS_DIR,
  feedback: new FeedbackStore(config.DATA_DIR),
  apiTokens: config.API_TOKENS,
  rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  botRateLimitPerMinute: config.BOT_RATE_LIMIT_PER_MINUTE,
  maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
  trustProxy: config.TRUST_PROXY,
  log,
});
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  log.info(`服务已启动：http://${config.HOST}:${port}  (语料 ${config.CORPUS_DIR}，数据 ${config.DATA_DIR})`);
  const bots = enabledBots(config);
  if (bots.length) log.info(`已启用消息机器人：${bots.join("、")}`);
});
server.on("error", (err) => {
  log.error(`无法启动服务：${err.message}`);
  process.exit(1);
});
try {
  // This process owns CORPUS_DIR and DATA_DIR: staging a killed process left behind goes first.
  const report = await kb.open({ removeLeftovers: true });
  if (report) {
    indexing.record(report);
    log.info(formatIndexReport(report));
  }
  log.info("索引已就绪，可以提问。");
} catch (err) {
  log.error("索引加载失败", { err });
  process.exit(1);
}

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
