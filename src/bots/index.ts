/** The messenger bot routers the configuration enables, for createApp's `routers`. */
import type express from "express";
import { dingtalkConfigured, feishuConfigured, wecomConfigured, type Config } from "../config.js";
import { createDingtalkRouter } from "./dingtalk/router.js";
import { createFeishuRouter } from "./feishu/router.js";
import type { BotDeps } from "./types.js";
import { createWecomRouter } from "./wecom/router.js";

export function createBotRouters(config: Config, deps: BotDeps): Array<[path: string, router: express.Router]> {
  const routers: Array<[string, express.Router]> = [];
  if (wecomConfigured(config)) {
    routers.push([
      "/bots/wecom",
      createWecomRouter(deps, {
        token: config.WECOM_TOKEN!,
        encodingAesKey: config.WECOM_ENCODING_AES_KEY!,
        corpId: config.WECOM_CORP_ID!,
        agentId: config.WECOM_AGENT_ID!,
        secret: config.WECOM_SECRET!,
        apiBase: config.WECOM_API_BASE,
        deadlineMs: config.WECOM_REPLY_DEADLINE_MS,
      }),
    ]);
  }
  if (dingtalkConfigured(config)) {
    routers.push([
      "/bots/dingtalk",
      createDingtalkRouter(deps, {
        appSecret: config.DINGTALK_APP_SECRET!,
        maxSkewMs: config.DINGTALK_MAX_SKEW_MINUTES * 60_000,
      }),
    ]);
  }
  if (feishuConfigured(config)) {
    routers.push([
      "/bots/feishu",
      createFeishuRouter(deps, {
        appId: config.FEISHU_APP_ID!,
        appSecret: config.FEISHU_APP_SECRET!,
        verificationToken: config.FEISHU_VERIFICATION_TOKEN!,
        encryptKey: config.FEISHU_ENCRYPT_KEY,
        apiBase: config.FEISHU_API_BASE,
      }),
    ]);
  }
  return routers;
}

/** Names of the enabled bots, for the start-up message. */
export function enabledBots(config: Config): string[] {
  return [
    wecomConfigured(config) && "企业微信",
    dingtalkConfigured(config) && "钉钉",
    feishuConfigured(config) && "飞书",
  ].filter(Boolean) as string[];
}
