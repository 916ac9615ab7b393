/** DingTalk robot callback signature: base64(HMAC-SHA256(key = app secret, timestamp + "\n" + app secret)). Pure. */
import { createHmac, timingSafeEqual } from "node:crypto";

export function dingtalkSign(appSecret: string, timestamp: string): string {
  return createHmac("sha256", appSecret).update(`${timestamp}\n${appSecret}`).digest("base64");
}

export function dingtalkSignMatches(appSecret: string, timestamp: string, sign: string): boolean {
  const a = Buffer.from(dingtalkSign(appSecret, timestamp));
  const b = Buffer.from(sign);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a sessionWebhook may be posted to: https on an allowed host ("*.dingtalk.com" matches
 * subdomains), or plain http only on loopback hosts listed explicitly (tests).
 */
export function webhookAllowed(url: string, allowedHosts: string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase();
  const hostOk = allowedHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
  if (!hostOk) return false;
  if (u.protocol === "https:") return true;
  return u.protocol === "http:" && (host === "127.0.0.1" || host === "localhost" || host === "[::1]");
}
