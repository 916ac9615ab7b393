import { describe, expect, it } from "vitest";
import { createDingtalkRouter } from "../../src/bots/dingtalk/router.js";
import { loadConfig } from "../../src/config.js";
import { offlineRewriter } from "../../src/conversation/ask-in-conversation.js";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import { silentLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { listen } from "../helpers/http.js";

describe("bot routes are rate limited", () => {
  it("answers 429 with a Chinese message once a client sends more than the per-minute limit to /bots/*", async () => {
    const kb = await openSampleKb();
    const deps = { kb, conversations: new ConversationStore(), rewriter: offlineRewriter, log: silentLogger };
    const app = createApp({
      kb,
      log: silentLogger,
      routers: [["/bots/dingtalk", createDingtalkRouter(deps, { appSecret: "ding-app-secret" })]],
      botRateLimitPerMinute: 3,
    });
    const server = await listen(app);
    try {
      const post = () =>
        fetch(`${server.url}/bots/dingtalk`, {
          method: "POST",
          headers: { "content-type": "application/json", timestamp: String(Date.now()), sign: "forged" },
          body: "{}",
        });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post()).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await post();
      expect(limited.headers.get("ratelimit-policy")).toContain("3");
      expect((await limited.json()).error).toEqual({ code: "RATE_LIMITED", message: "请求过于频繁，请稍后再试。" });
      // The API's own limit is separate (off here).
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("takes BOT_RATE_LIMIT_PER_MINUTE from the environment (default 600, 0 turns it off)", () => {
    expect(loadConfig({}).BOT_RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(loadConfig({ BOT_RATE_LIMIT_PER_MINUTE: "30" }).BOT_RATE_LIMIT_PER_MINUTE).toBe(30);
    expect(loadConfig({ BOT_RATE_LIMIT_PER_MINUTE: "0" }).BOT_RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(() => loadConfig({ BOT_RATE_LIMIT_PER_MINUTE: "-1" })).toThrow();
  });
});
