/**
 * Feishu / Lark event crypto, from the protocol description. Pure.
 * - encrypted events: key = SHA-256(encrypt key); base64-decode; the first 16 bytes are the IV;
 *   AES-256-CBC with PKCS#7 padding; the plaintext is JSON;
 * - request signature: SHA-256 hex of timestamp + nonce + encrypt key + raw body.
 */
import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "../../core/errors.js";

/** An event that does not decrypt; the router refuses it (BAD_CIPHERTEXT) and logs the reason. */
export class FeishuCryptoError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("FEISHU_CRYPTO", message, options);
  }
}

export function feishuDecrypt(encryptKey: string, encrypted: string): string {
  const key = createHash("sha256").update(encryptKey, "utf8").digest();
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) throw new FeishuCryptoError("ciphertext has the wrong length");
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8");
  } catch {
    throw new FeishuCryptoError("cannot decrypt");
  }
}

export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, "utf8"), rawBody]))
    .digest("hex");
}

export function feishuSignatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}
