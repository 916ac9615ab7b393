import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { WecomApi } from "../../src/bots/wecom/api.js";
import { createConsoleLogger } from "../../src/core/logger.js";
import { createRewriter } from "../../src/wiring.js";
import { fakeMessengerServer, type FakeServer } from "../bots/helpers.js";
import { startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

const API_KEY = "sk-live-0123456789abcdef";
const WECOM_SECRET = "wecom-app-secret-7f3a9c";
const HISTORY = [
  { question: "公共技术服务平台扶持计划给多少支持？", standalone: "公共技术服务平台扶持计划给多少支持？" },
];

function captured() {
  const lines: string[] = [];
  const into = { write: (t: string) => lines.push(t) };
  return { lines, streams: { out: into, err: into } };
}

let openai: FakeOpenAIServer | undefined;
let messenger: FakeServer | undefined;
afterEach(async () => {
  await openai?.close();
  await messenger?.close();
  openai = messenger = undefined;
});

describe("secrets never reach a log line or an error message", () => {
  it("redacts the API key an LLM endpoint echoes in its error, when the rewriter logs it", async () => {
    openai = await startFakeOpenAI({
      reply: () => {
        throw new Error(`Incorrect API key provided: ${API_KEY}`);
      },
    });
    const config = loadConfig({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: openai.url, CHAT_MODEL: "fake-chat" });
    const out = captured();
    const log = createConsoleLogger(out.streams, { secrets: secretsOf(config) });
    const rewriter = await createRewriter(config, log);
    expect(await rewriter.rewrite("那这个计划现在还能申请吗？", HISTORY)).toBe(
      "公共技术服务平台扶持计划现在还能申请吗？",
    );
    const text = out.lines.join("");
    expect(text).toContain("LLM rewrite failed");
    expect(text).toContain("Incorrect API key provided: [REDACTED]");
    expect(text).not.toContain(API_KEY);
  });

  it("redacts the app secret WeCom's gettoken echoes, from the error's message and from its log line", async () => {
    messenger = await fakeMessengerServer();
    messenger.respond.set("/cgi-bin/gettoken", (r) => ({
      errcode: 40001,
      errmsg: `invalid credential, corpsecret=${r.query.get("corpsecret")}, hint: [xyz]`,
    }));
    const config = loadConfig({
      WECOM_TOKEN: "QDG6eK",
      WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
      WECOM_CORP_ID: "wx5823bf96d3bd56c7",
      WECOM_AGENT_ID: "1000002",
      WECOM_SECRET,
      WECOM_API_BASE: messenger.url,
    });
    const api = new WecomApi({
      apiBase: config.WECOM_API_BASE,
      corpId: config.WECOM_CORP_ID!,
      secret: config.WECOM_SECRET!,
      agentId: config.WECOM_AGENT_ID!,
    });
    const err = await api.send("zhangsan", "text", "答复").catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain("invalid credential");
    expect(err!.message).not.toContain(WECOM_SECRET);

    const out = captured();
    createConsoleLogger(out.streams, { prefix: "bots", secrets: secretsOf(config) }).error("wecom: sending failed", {
      err: new Error(`upstream said corpsecret=${WECOM_SECRET}`),
      url: `${messenger.url}/cgi-bin/gettoken?corpsecret=${WECOM_SECRET}`,
    });
    expect(out.lines.join("")).not.toContain(WECOM_SECRET);
    expect(out.lines.join("")).toContain("corpsecret=[REDACTED]");
  });

  it("collects every secret of the configuration, and only those", () => {
    const config = loadConfig({
      OPENAI_API_KEY: API_KEY,
      API_TOKENS: "token-aaaaaaaa,token-bbbbbbbb",
      WECOM_SECRET,
      WECOM_TOKEN: "QDG6eK",
      DINGTALK_APP_SECRET: "ding-secret",
      FEISHU_APP_SECRET: "feishu-secret",
      FEISHU_VERIFICATION_TOKEN: "feishu-verify",
      FEISHU_ENCRYPT_KEY: "feishu-encrypt",
      FEISHU_APP_ID: "cli_public_id",
    });
    expect([...secretsOf(config)].sort()).toEqual(
      [
        API_KEY,
        "token-aaaaaaaa",
        "token-bbbbbbbb",
        WECOM_SECRET,
        "QDG6eK",
        "ding-secret",
        "feishu-secret",
        "feishu-verify",
        "feishu-encrypt",
      ].sort(),
    );
  });
});
