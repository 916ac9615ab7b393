/**
 * The Feishu open API as the bot uses it: a tenant_access_token from
 * POST /open-apis/auth/v3/tenant_access_token/internal (cached until shortly before it expires;
 * fetched again once when the server calls it invalid) and replies through
 * POST /open-apis/im/v1/messages/{message_id}/reply.
 */
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { TokenCache } from "../token-cache.js";

const TokenResponse = z.object({
  code: z.number(),
  msg: z.string().optional(),
  tenant_access_token: z.string().optional(),
  expire: z.number().optional(),
});
const ReplyResponse = z.object({ code: z.number(), msg: z.string().optional() });
/** Invalid or expired tenant_access_token. */
const TOKEN_INVALID = new Set([99991663, 99991661, 99991668]);

export interface FeishuApiOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export class FeishuApi {
  private readonly fetch: typeof fetch;
  private readonly token: TokenCache;

  constructor(private readonly o: FeishuApiOptions) {
    this.fetch = o.fetch ?? fetch;
    this.token = new TokenCache(() => this.fetchToken(), o.now ?? Date.now);
  }

  private url(path: string): string {
    return `${this.o.apiBase.replace(/\/+$/, "")}${path}`;
  }

  private async fetchToken(): Promise<{ value: string; expiresInSeconds?: number }> {
    const res = await this.fetch(this.url("/open-apis/auth/v3/tenant_access_token/internal"), {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: this.o.appId, app_secret: this.o.appSecret }),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const body = TokenResponse.parse(await res.json());
    if (body.code !== 0 || !body.tenant_access_token) {
      throw new AppError("FEISHU_API", `tenant_access_token failed: ${body.code} ${body.msg ?? ""}`.trim(), {
        details: { code: body.code },
      });
    }
    return { value: body.tenant_access_token, expiresInSeconds: body.expire };
  }

  /** Replies to a message with plain text. */
  async replyText(messageId: string, text: string): Promise<void> {
    const payload = JSON.stringify({ msg_type: "text", content: JSON.stringify({ text }) });
    for (let attempt = 0; ; attempt++) {
      const token = await this.token.get(attempt > 0);
      const res = await this.fetch(this.url(`/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/reply`), {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
        body: payload,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      const body = ReplyResponse.parse(await res.json());
      if (body.code === 0) return;
      if (TOKEN_INVALID.has(body.code) && attempt === 0) continue;
      const message = `reply failed: ${body.code} ${body.msg ?? ""}`.trim();
      throw new AppError("FEISHU_API", message, { details: { code: body.code } });
    }
  }
}
