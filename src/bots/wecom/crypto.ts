/**
 * The WeCom (企业微信 / 粤政易) callback crypto, written from the protocol description. Pure.
 *
 * - signature: SHA-1 hex of the sorted, concatenated [token, timestamp, nonce, encrypted text];
 * - key: base64-decode(EncodingAESKey + "="), 32 bytes; IV: the key's first 16 bytes;
 * - plaintext: 16 random bytes + 4-byte big-endian length + message + receive id (the corp id),
 *   PKCS#7-padded to a multiple of 32 bytes; AES-256-CBC; the ciphertext is sent base64.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "../../core/errors.js";

const BLOCK = 32;

/** A malformed key or ciphertext; the router refuses the request (BAD_CIPHERTEXT) and logs the reason. */
export class WecomCryptoError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("WECOM_CRYPTO", message, options);
  }
}

export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypted].sort().join("")).digest("hex");
}

/** Constant-time comparison of two hex signatures (case-insensitive). */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

export function wecomKey(encodingAesKey: string): Buffer {
  if (encodingAesKey.length !== 43) throw new WecomCryptoError("EncodingAESKey must be 43 characters");
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  if (key.length !== 32) throw new WecomCryptoError("EncodingAESKey does not decode to 32 bytes");
  return key;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data.at(-1) ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new WecomCryptoError("bad padding");
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw new WecomCryptoError("bad padding");
  return data.subarray(0, data.length - n);
}

export function wecomEncrypt(
  key: Buffer,
  message: string,
  receiveId: string,
  random: Buffer = randomBytes(16),
): string {
  const msg = Buffer.from(message, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const plain = pad(Buffer.concat([random, length, msg, Buffer.from(receiveId, "utf8")]));
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** Decrypts and returns the message and the receive id it carries; throws WecomCryptoError when malformed. */
export function wecomDecrypt(key: Buffer, encrypted: string): { message: string; receiveId: string } {
  const data = Buffer.from(encrypted, "base64");
  if (data.length === 0 || data.length % 16 !== 0)
    throw new WecomCryptoError("ciphertext length is not a multiple of the block size");
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
    plain = unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch (err) {
    if (err instanceof WecomCryptoError) throw err;
    throw new WecomCryptoError("cannot decrypt");
  }
  if (plain.length < 20) throw new WecomCryptoError("plaintext too short");
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WecomCryptoError("message length out of range");
  return {
    message: plain.subarray(20, 20 + length).toString("utf8"),
    receiveId: plain.subarray(20 + length).toString("utf8"),
  };
}
