import { z } from "zod";
import { AppError } from "./core/errors.js";
import { LOG_LEVELS } from "./core/logger.js";

/** Empty strings in the environment count as unset, so `FOO=` in .env falls back to the default. */
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);

/** A comma-separated list of bearer tokens, each at least 8 characters. */
const tokenList = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().min(8, { error: "each token must be at least 8 characters" })).default([]),
);

const ConfigSchema = z
  .object({
    CORPUS_DIR: withDefault(z.string().default("./corpus")),
    DATA_DIR: withDefault(z.string().default("./data")),
    HOST: withDefault(z.string().default("127.0.0.1")),
    PORT: withDefault(z.coerce.number().int().min(0).max(65535).default(3000)),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: withDefault(z.url().optional()),
    /** Chat model name; setting it (with a key) switches answering to the LLM answerer. */
    CHAT_MODEL: optionalString,
    /**
     * Which provider serves CHAT_MODEL, as langchain's initChatModel names them (openai, azure_openai,
     * anthropic, …). Only @langchain/openai is installed, so another provider needs its package first.
     */
    CHAT_PROVIDER: withDefault(z.string().default("openai")),
    /** Embedding model name; setting it (with a key) switches vectors to the OpenAI-compatible endpoint. */
    EMBEDDING_MODEL: optionalString,
    /**
     * Without EMBEDDING_MODEL, also build the offline hashed n-gram vectors. Off by default: on ncpqa,
     * the sample and the paraphrase sets they changed no figure beyond one question, and they were
     * 90% of the index on disk and most of its build time (issue 9).
     */
    LOCAL_VECTORS: withDefault(z.union([z.boolean(), z.stringbool()]).default(false)),
    /**
     * Staff synonym file (Solr format: `扶持,资助` or `工信局 => 工业和信息化局`), added to the built-in
     * thesaurus. Read at start-up and on every re-index; a change never needs an index rebuild.
     */
    THESAURUS_FILE: optionalString,
    /** Upper bound of a chunk, in characters (whole sentences are never split). */
    CHUNK_CHARS: withDefault(z.coerce.number().int().min(50).max(4000).default(250)),
    /** Public address of the chat page (e.g. https://zhushou.example.gov.cn); bots link sources to it. */
    PUBLIC_BASE_URL: withDefault(z.url().optional()),
    /** Seconds before a call to the chat or embedding endpoint is abandoned. */
    LLM_TIMEOUT_SECONDS: withDefault(z.coerce.number().positive().default(60)),
    // ── Service limits and access (src/server). ──
    /** Comma-separated bearer tokens; when set, every /api route requires one of them. */
    API_TOKENS: tokenList,
    /** Largest document accepted by the upload route, in megabytes. */
    MAX_UPLOAD_MB: withDefault(z.coerce.number().positive().max(200).default(20)),
    /** Requests per minute per client on /api; 0 turns the limit off. */
    RATE_LIMIT_PER_MINUTE: withDefault(z.coerce.number().int().min(0).default(120)),
    /**
     * Requests per minute per client address on /bots/* (the messenger platforms call from a few
     * addresses, so it is higher than the API's); 0 turns the limit off.
     */
    BOT_RATE_LIMIT_PER_MINUTE: withDefault(z.coerce.number().int().min(0).default(600)),
    /** Least level of the service's log lines (JSON, one a line); "silent" writes none. */
    LOG_LEVEL: withDefault(z.enum(LOG_LEVELS).default("info")),
    /** Whether the request log line of a question carries its text; off, questions are not logged. */
    // A parsed configuration is parsed again by withOverrides, so a boolean is taken as it is.
    LOG_QUESTIONS: withDefault(
      z.union([z.boolean(), z.stringbool()], { error: "LOG_QUESTIONS must be true or false" }).default(false),
    ),
    /** Express "trust proxy": number of reverse proxies in front (so the rate limit sees client addresses). */
    TRUST_PROXY: withDefault(z.coerce.number().int().min(0).max(10).default(0)),
    // ── State store (src/store): conversations, feedback, bot de-duplication, audit log. ──
    /**
     * PostgreSQL connection string (postgres://user:password@host:5432/db); instances sharing it
     * share their state. Unset: SQLite in DATA_DIR/state.db.
     */
    DATABASE_URL: withDefault(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, { error: "DATABASE_URL must be a postgres:// or postgresql:// URL" })
        .optional(),
    ),
    /** Days the audit log of questions is kept (pruned at start-up and hourly); 0 keeps it forever. */
    AUDIT_RETENTION_DAYS: withDefault(z.coerce.number().int().min(0).max(36_500).default(365)),
    /** Comma-separated bearer tokens of administrators (8+ characters), for GET /admin/audit. */
    ADMIN_TOKENS: tokenList,
    // ── Messenger bots (src/bots). Each bot is enabled only when all of its settings are present. ──
    /** WeCom (企业微信 / 粤政易) self-built application: callback token. */
    WECOM_TOKEN: optionalString,
    /** WeCom callback EncodingAESKey (43 characters). */
    WECOM_ENCODING_AES_KEY: withDefault(
      z.string().length(43, { error: "WECOM_ENCODING_AES_KEY must be 43 characters" }).optional(),
    ),
    WECOM_CORP_ID: optionalString,
    /** The application's AgentId, a number: a typo here would only show when the first slow answer fails to send. */
    WECOM_AGENT_ID: withDefault(
      z.string().regex(/^\d+$/, { error: "WECOM_AGENT_ID must be the application's numeric AgentId" }).optional(),
    ),
    /** The application's Secret, for access tokens of the application-message API. */
    WECOM_SECRET: optionalString,
    WECOM_API_BASE: withDefault(z.url().default("https://qyapi.weixin.qq.com")),
    /** Milliseconds the WeCom route waits for an answer before replying empty and sending it through the API. */
    WECOM_REPLY_DEADLINE_MS: withDefault(z.coerce.number().int().min(1).max(4500).default(4000)),
    /** DingTalk enterprise robot: the application's AppSecret (signs callbacks). */
    DINGTALK_APP_SECRET: optionalString,
    /**
     * Minutes a DingTalk callback's timestamp may be off. DingTalk signs the timestamp only, so a
     * captured signature is good for this long; within it each one is accepted with one body only.
     */
    DINGTALK_MAX_SKEW_MINUTES: withDefault(z.coerce.number().positive().max(60).default(5)),
    FEISHU_APP_ID: optionalString,
    FEISHU_APP_SECRET: optionalString,
    FEISHU_VERIFICATION_TOKEN: optionalString,
    /** Feishu Encrypt Key: when set, events arrive encrypted and signed. */
    FEISHU_ENCRYPT_KEY: optionalString,
    FEISHU_API_BASE: withDefault(z.url().default("https://open.feishu.cn")),
  })
  .superRefine((c, ctx) => {
    if ((c.CHAT_MODEL || c.EMBEDDING_MODEL) && !c.OPENAI_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["OPENAI_API_KEY"],
        message: "CHAT_MODEL or EMBEDDING_MODEL is set, so OPENAI_API_KEY is required",
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** The environment's configuration does not validate; main.ts and the CLIs print the message and stop. */
export class ConfigError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG_INVALID", message, options);
  }
}

/** What an entry point may change of the environment's configuration, as arguments (the environment is never modified). */
export interface ConfigOverrides {
  /** The offline pipeline: no chat model and no remote embeddings, whatever the environment configures. */
  offline?: boolean;
  dataDir?: string;
  corpusDir?: string;
}

/** Settings of the chat model and the remote embeddings, all left unset by the offline override. */
const REMOTE_MODEL_KEYS = ["CHAT_MODEL", "EMBEDDING_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"] as const;

/** The input with the overrides applied; they count as if the environment held them (so "" means the default). */
function applyOverrides(input: Record<string, unknown>, overrides: ConfigOverrides): Record<string, unknown> {
  const out = { ...input };
  if (overrides.offline) for (const k of REMOTE_MODEL_KEYS) out[k] = undefined;
  if (overrides.dataDir !== undefined) out.DATA_DIR = overrides.dataDir;
  if (overrides.corpusDir !== undefined) out.CORPUS_DIR = overrides.corpusDir;
  return out;
}

function parseConfig(input: Record<string, unknown>): Config {
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Parse the environment once, with an entry point's overrides. Nothing else in the code base reads
 * process.env: main.ts and the CLIs hand it here. Offline settings are dropped before validation, so
 * a malformed chat-model setting does not stop an offline run.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
): Config {
  return parseConfig(applyOverrides(env, overrides));
}

/** A parsed configuration with overrides applied and validated again (e.g. another data directory). */
export function withOverrides(config: Config, overrides: ConfigOverrides): Config {
  return parseConfig(applyOverrides(config, overrides));
}

/**
 * The configured values that must never be written to a log or an error message: API keys, app
 * secrets, tokens and encryption keys (see ConsoleLoggerOptions.secrets).
 */
export function secretsOf(config: Config): string[] {
  const values = [
    config.OPENAI_API_KEY,
    ...config.API_TOKENS,
    ...config.ADMIN_TOKENS,
    config.DATABASE_URL,
    ...passwordsOf(config.DATABASE_URL),
    config.WECOM_TOKEN,
    config.WECOM_ENCODING_AES_KEY,
    config.WECOM_SECRET,
    config.DINGTALK_APP_SECRET,
    config.FEISHU_APP_SECRET,
    config.FEISHU_VERIFICATION_TOKEN,
    config.FEISHU_ENCRYPT_KEY,
  ];
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** The password in a connection URL as written and decoded, if it has one. */
function passwordsOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const { password } = new URL(url);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

/** The chat model is used only when both a key and a model name are configured. */
export function chatModelConfigured(config: Config): boolean {
  return Boolean(config.OPENAI_API_KEY && config.CHAT_MODEL);
}

export function embeddingModelConfigured(config: Config): boolean {
  return Boolean(config.OPENAI_API_KEY && config.EMBEDDING_MODEL);
}

/** The WeCom bot is mounted only when every one of its settings is present. */
export function wecomConfigured(config: Config): boolean {
  return Boolean(
    config.WECOM_TOKEN &&
    config.WECOM_ENCODING_AES_KEY &&
    config.WECOM_CORP_ID &&
    config.WECOM_AGENT_ID &&
    config.WECOM_SECRET,
  );
}

export function dingtalkConfigured(config: Config): boolean {
  return Boolean(config.DINGTALK_APP_SECRET);
}

export function feishuConfigured(config: Config): boolean {
  return Boolean(config.FEISHU_APP_ID && config.FEISHU_APP_SECRET && config.FEISHU_VERIFICATION_TOKEN);
}

/** Load ./.env into process.env when present (existing variables win), for the entry points. */
export function loadDotEnv(file = ".env"): void {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
