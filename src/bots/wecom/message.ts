/** WeCom callback XML: parsing (validated with zod) and building passive replies. Pure. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { AppError } from "../../core/errors.js";

/** Malformed callback XML; the router refuses the request (BAD_XML) and logs the reason. */
export class WecomXmlError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("WECOM_XML", message, options);
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // MsgId and the like stay strings (they exceed 2^53)
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
});

/** Parses a WeCom XML document into its <xml> element's fields; throws WecomXmlError when malformed. */
export function parseXml(text: string): Record<string, unknown> {
  if (!text.trim()) throw new WecomXmlError("empty body");
  // WeCom never sends a DOCTYPE; refusing it rules out entity tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WecomXmlError("DOCTYPE is not allowed");
  if (XMLValidator.validate(text) !== true) throw new WecomXmlError("malformed XML");
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    throw new WecomXmlError("malformed XML");
  }
  const xml = (doc as { xml?: unknown } | undefined)?.xml;
  if (!xml || typeof xml !== "object" || Array.isArray(xml)) throw new WecomXmlError("no <xml> root element");
  return xml as Record<string, unknown>;
}

const text = z.string();

/** The envelope WeCom POSTs: the encrypted message and the addressee. */
export const EnvelopeSchema = z.object({
  Encrypt: text.min(1),
  ToUserName: text.optional(),
  AgentID: text.optional(),
});

/** A decrypted callback message. Only text messages are answered; other types get a hint or nothing. */
export const WecomMessageSchema = z.object({
  ToUserName: text,
  FromUserName: text.min(1),
  CreateTime: text.regex(/^\d+$/),
  MsgType: text.min(1),
  Content: text.optional(),
  MsgId: text.optional(),
  AgentID: text.optional(),
  Event: text.optional(),
});
export type WecomMessage = z.infer<typeof WecomMessageSchema>;

export function parseEnvelope(body: string): z.infer<typeof EnvelopeSchema> {
  const parsed = EnvelopeSchema.safeParse(parseXml(body));
  if (!parsed.success) throw new WecomXmlError("envelope without <Encrypt>");
  return parsed.data;
}

export function parseMessage(xml: string): WecomMessage {
  const parsed = WecomMessageSchema.safeParse(parseXml(xml));
  if (!parsed.success) throw new WecomXmlError("message fields missing or of the wrong type");
  return parsed.data;
}

/** CDATA that stays CDATA even when the text contains "]]>". */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** The plain passive reply: a text message from the application to the user. */
export function textReplyXml(toUser: string, fromCorp: string, createTime: number, content: string): string {
  return (
    `<xml><ToUserName>${cdata(toUser)}</ToUserName><FromUserName>${cdata(fromCorp)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata("text")}</MsgType><Content>${cdata(content)}</Content></xml>`
  );
}

/** The encrypted, signed envelope of a passive reply. */
export function encryptedReplyXml(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
