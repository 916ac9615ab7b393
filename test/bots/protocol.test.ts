import { describe, expect, it } from "vitest";
import { dingtalkSignMatches, webhookAllowed } from "../../src/bots/dingtalk/sign.js";
import { feishuDecrypt, feishuSignature } from "../../src/bots/feishu/crypto.js";
import { questionOf } from "../../src/bots/feishu/message.js";
import {
  signatureMatches,
  WecomCryptoError,
  wecomDecrypt,
  wecomEncrypt,
  wecomKey,
  wecomSignature,
} from "../../src/bots/wecom/crypto.js";
import { parseEnvelope, parseMessage, WecomXmlError } from "../../src/bots/wecom/message.js";
import { dingSign, feishuSeal, feishuSign, sha1Sign, WECOM, wecomOpen, wecomSeal } from "./helpers.js";

// The published values of WeCom's callback sample code.
const SAMPLE_ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
const SAMPLE_MESSAGE =
  "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

describe("WeCom crypto", () => {
  const key = wecomKey(WECOM.aesKey);

  it("when given the published verification request, then the signature matches and echostr decrypts to 1616140317555161061", () => {
    expect(wecomSignature(WECOM.token, "1409659589", "263014780", SAMPLE_ECHOSTR)).toBe(
      "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    );
    expect(wecomDecrypt(key, SAMPLE_ECHOSTR)).toEqual({ message: "1616140317555161061", receiveId: WECOM.corpId });
  });

  it("when given the published message, then the signature matches and it decrypts to the text message XML", () => {
    expect(wecomSignature(WECOM.token, "1409659813", "1372623149", SAMPLE_MESSAGE)).toBe(
      "477715d11cdb4164915debcba66cb864d751f3e6",
    );
    const { message, receiveId } = wecomDecrypt(key, SAMPLE_MESSAGE);
    expect(receiveId).toBe(WECOM.corpId);
    expect(parseMessage(message)).toMatchObject({
      FromUserName: "mycreate",
      MsgType: "text",
      Content: "hello",
      MsgId: "4561255354251345929",
      AgentID: "218",
    });
  });

  it("when encrypting, then the test's independent decryptor reads it back, and the reverse", () => {
    const text = "<xml><Content><![CDATA[公共技术服务平台 30% 500万元]]></Content></xml>";
    for (const len of [0, 1, 11, 12, 31, 32, 33]) {
      const msg = "x".repeat(len) + text;
      expect(wecomOpen(WECOM.aesKey, wecomEncrypt(key, msg, WECOM.corpId))).toEqual({
        message: msg,
        corpId: WECOM.corpId,
      });
      expect(wecomDecrypt(key, wecomSeal(WECOM.aesKey, msg, WECOM.corpId))).toEqual({
        message: msg,
        receiveId: WECOM.corpId,
      });
    }
  });

  it("when the signature is computed by the test's own signer, then they agree; a forged one does not match", () => {
    expect(wecomSignature("t", "2", "1", "abc")).toBe(sha1Sign("t", "2", "1", "abc"));
    expect(signatureMatches(wecomSignature("t", "2", "1", "abc"), sha1Sign("t", "2", "1", "abd"))).toBe(false);
    expect(signatureMatches("abc", "ab")).toBe(false);
  });

  it("when the ciphertext is truncated, tampered or not base64 of whole blocks, then decryption throws WecomCryptoError", () => {
    const good = wecomEncrypt(key, "hello", WECOM.corpId);
    const bytes = Buffer.from(good, "base64");
    bytes[bytes.length - 1] ^= 0xff;
    for (const bad of ["", "abc", bytes.toString("base64"), good.slice(0, 20)]) {
      expect(() => wecomDecrypt(key, bad)).toThrow(WecomCryptoError);
    }
  });

  it("when the EncodingAESKey has the wrong length, then it is refused", () => {
    expect(() => wecomKey("short")).toThrow(WecomCryptoError);
  });
});

describe("WeCom XML", () => {
  it.each([
    ["empty", ""],
    ["not XML", "hello"],
    ["unclosed", "<xml><Encrypt>abc</xml>"],
    ["a DOCTYPE with entities", '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'],
    ["no Encrypt", "<xml><ToUserName>x</ToUserName></xml>"],
  ])("when the envelope is %s, then parsing throws WecomXmlError", (_name, body) => {
    expect(() => parseEnvelope(body)).toThrow(WecomXmlError);
  });

  it("when a message lacks FromUserName, then it is refused", () => {
    expect(() =>
      parseMessage("<xml><ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>"),
    ).toThrow(WecomXmlError);
  });
});

describe("DingTalk signature", () => {
  it("when signed by the test's signer, then it matches; another secret or timestamp does not", () => {
    expect(dingtalkSignMatches("secret", "1700000000000", dingSign("secret", "1700000000000"))).toBe(true);
    expect(dingtalkSignMatches("secret", "1700000000001", dingSign("secret", "1700000000000"))).toBe(false);
    expect(dingtalkSignMatches("secret", "1700000000000", dingSign("other", "1700000000000"))).toBe(false);
    expect(dingtalkSignMatches("secret", "1700000000000", "")).toBe(false);
  });

  it("when a sessionWebhook is checked, then only allowed hosts (https, or http on loopback) pass", () => {
    expect(webhookAllowed("https://oapi.dingtalk.com/robot/sendBySession?session=x", ["*.dingtalk.com"])).toBe(true);
    expect(webhookAllowed("https://evil.com/?h=oapi.dingtalk.com", ["*.dingtalk.com"])).toBe(false);
    expect(webhookAllowed("https://dingtalk.com.evil.com/", ["*.dingtalk.com"])).toBe(false);
    expect(webhookAllowed("http://oapi.dingtalk.com/", ["*.dingtalk.com"])).toBe(false);
    expect(webhookAllowed("http://127.0.0.1:1234/robot", ["127.0.0.1"])).toBe(true);
    expect(webhookAllowed("http://127.0.0.1:1234/robot", ["*.dingtalk.com"])).toBe(false);
    expect(webhookAllowed("not a url", ["*.dingtalk.com"])).toBe(false);
  });
});

describe("Feishu crypto", () => {
  it('when given the published vector, then "test key" decrypts it to "hello world"', () => {
    expect(feishuDecrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
  });

  it("when encrypted by the test's own encryptor, then it decrypts", () => {
    expect(feishuDecrypt("k", feishuSeal("k", '{"a":"公共技术服务平台"}'))).toBe('{"a":"公共技术服务平台"}');
    expect(() => feishuDecrypt("other", feishuSeal("k", "x".repeat(40)))).toThrow();
  });

  it("when the signature is computed by the test's own signer, then they agree", () => {
    expect(feishuSignature("1", "n", "k", Buffer.from('{"encrypt":"x"}'))).toBe(
      feishuSign("1", "n", "k", '{"encrypt":"x"}'),
    );
  });

  it("when a group message mentions the bot, then the @_user_N key is stripped; without a mention it is not for the bot", () => {
    const event = (chat_type: string, text: string, mentions?: Array<{ key: string }>) => ({
      sender: { sender_id: { open_id: "ou_1" } },
      message: {
        message_id: "om_1",
        chat_id: "oc_1",
        chat_type,
        message_type: "text",
        content: JSON.stringify({ text }),
        mentions,
      },
    });
    expect(questionOf(event("group", "@_user_1 扶持计划给多少支持？", [{ key: "@_user_1" }]))).toBe(
      "扶持计划给多少支持？",
    );
    expect(questionOf(event("group", "扶持计划给多少支持？"))).toBeUndefined();
    expect(questionOf(event("p2p", "扶持计划？"))).toBe("扶持计划？");
  });
});
