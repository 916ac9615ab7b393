import { describe, expect, it } from "vitest";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import { isFollowUp, rewriteFollowUp, topicOf } from "../../src/conversation/follow-up.js";

const turn = (q: string) => ({ question: q, standalone: q });

describe("follow-up rewriting", () => {
  it("replaces a pointing phrase with the previous question's topic", () => {
    expect(rewriteFollowUp("那这个计划现在还能申请吗？", [turn("公共技术服务平台扶持计划给多少支持？")])).toBe(
      "公共技术服务平台扶持计划现在还能申请吗？",
    );
    expect(rewriteFollowUp("它什么时候施行？", [turn("数字化转型扶持计划最高补助多少？")])).toBe(
      "数字化转型扶持计划什么时候施行？",
    );
  });
  it("prefixes the topic to a question too short to stand alone", () => {
    expect(rewriteFollowUp("还能申请吗？", [turn("公共技术服务平台扶持计划给多少支持？")])).toBe(
      "公共技术服务平台扶持计划还能申请吗？",
    );
  });
  it("leaves a standalone question, or a first question, as it is", () => {
    expect(rewriteFollowUp("专精特新小巨人企业有多少家？", [turn("公共技术服务平台扶持计划给多少支持？")])).toBe(
      "专精特新小巨人企业有多少家？",
    );
    expect(rewriteFollowUp("这个计划还能申请吗？", [])).toBe("这个计划还能申请吗？");
    expect(isFollowUp("深圳市制造业创新中心有几家？")).toBe(false);
  });
  it("finds the topic before what is asked", () => {
    expect(topicOf("公共技术服务平台扶持计划给多少支持？")).toBe("公共技术服务平台扶持计划");
  });
});

describe("ConversationStore", () => {
  it("keeps turns per conversation, forgets idle ones and evicts the least recently used", async () => {
    let now = 0;
    const store = new ConversationStore({ maxConversations: 2, ttlMs: 1000, now: () => now });
    await store.append("a", turn("问题一"));
    await store.append("b", turn("问题二"));
    await store.append("a", turn("问题三"));
    expect((await store.history("a")).map((t) => t.question)).toEqual(["问题一", "问题三"]);
    await store.append("c", turn("问题四"));
    expect(await store.history("b")).toEqual([]);
    now = 5000;
    expect(await store.history("a")).toEqual([]);
  });
});
