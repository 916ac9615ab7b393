/**
 * The WeCom application-message API: GET /cgi-bin/gettoken (cached until shortly before it
 * expires) and POST /cgi-bin/message/send. A token the server says is invalid or expired
 * (errcode 40014, 42001) is fetched again once.
 */
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { redactSecrets } from "../../core/logger.js";
import { TokenCache } from "../token-cache.js";

const TokenResponse = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});
const SendResponse = z.object({ errcode: z.number(), errmsg: z.string().optional() });

const TOKEN_INVALID = new Set([40014, 42001, 41001]);

/** A failed call of the WeCom API; errcode is WeCom's own error code, when it sent one. */
export class WecomApiError extends AppError {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super("WECOM_API", message, errcode === undefined ? {} : { details: { errcode } });
  }
}

export interface WecomApiOptions {
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export class WecomApi {
  private readonly fetch: typeof fetch;
  private readonly token: TokenCache;

  constructor(private readonly o: WecomApiOptions) {
    this.fetch = o.fetch ?? fetch;
    this.token = new TokenCache(() => this.fetchToken(), o.now ?? Date.now);
  }

  private url(path: string, params: Record<string, string>): string {
    return `${this.o.apiBase.replace(/\/+$/, "")}${path}?${new URLSearchParams(params).toString()}`;
  }

  private async json(res: Response): Promise<unknown> {
    if (!res.ok) throw new WecomApiError(`HTTP ${res.status}`);
    return res.json();
  }

  private async fetchToken(): Promise<{ value: string; expiresInSeconds?: number }> {
    const res = await this.fetch(this.url("/cgi-bin/gettoken", { corpid: this.o.corpId, corpsecret: this.o.secret }), {
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const body = TokenResponse.parse(await this.json(res));
    if (body.errcode || !body.access_token) {
      // WeCom may echo the request, corpsecret included: it never goes into the message.
      const errmsg = redactSecrets(body.errmsg ?? "", [this.o.secret]);
      throw new WecomApiError(`gettoken failed: ${body.errcode} ${errmsg}`.trim(), body.errcode);
    }
    return { value: body.access_token, expiresInSeconds: body.expires_in };
  }

  /** Sends an application message to one user. */
  async send(toUser: string, msgtype: "markdown" | "text", content: string): Promise<void> {
    const payload = JSON.stringify({
      touser: toUser,
      msgtype,
      agentid: Number(this.o.agentId),
      [msgtype]: { content },
    });
    for (let attempt = 0; ; attempt++) {
      const token = await this.token.get(attempt > 0);
      const res = await this.fetch(this.url("/cgi-bin/message/send", { access_token: token }), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: payload,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      const body = SendResponse.parse(await this.json(res));
      if (body.errcode === 0) return;
      if (TOKEN_INVALID.has(body.errcode) && attempt === 0) continue;
      const errmsg = redactSecrets(body.errmsg ?? "", [this.o.secret, token]);
      throw new WecomApiError(`message/send failed: ${body.errcode} ${errmsg}`.trim(), body.errcode);
    }
  }
}
