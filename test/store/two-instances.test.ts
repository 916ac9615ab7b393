/**
 * Two real service processes sharing one corpus folder, one data directory and one state store
 * (SQLite in DATA_DIR, or PostgreSQL with TEST_DATABASE_URL): a messenger's retry that reaches the
 * other instance is not answered twice, a conversation continues on the other instance, the
 * audit log holds what both answered, and a document uploaded to one is answered from by the other
 * once it has loaded the generation the first published.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createKnowledgeBase } from "../../src/wiring.js";
import { dingSign, FOLLOW_UP, QUESTION, waitFor } from "../bots/helpers.js";
import { sampleCorpusCopy } from "../helpers/corpus.js";
import { describeEachBackend, dropSchemas } from "../helpers/state-backends.js";

const SECRET = "ding-app-secret-two";
const ADMIN = "admin-token-0123";
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});
afterAll(dropSchemas);

/** Starts `npm start` as a process on a free loopback port; resolves with its address once it answers /healthz. */
async function startInstance(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await waitFor(() => /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[0], 30_000).catch(() => {
    throw new Error(`the instance did not start:\n${output}`);
  });
  await waitFor(() => (/"index ready"/.test(output) ? true : undefined), 30_000);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  return url;
}

const ROBOT_NOTICE = `关于开展2024年度机器人产业链补链强链专项资助的通知

各有关单位：
为加快机器人产业发展，现就有关事项通知如下。
一、资助标准
对符合条件的机器人核心零部件研发项目，按照不超过项目总投资的25%给予资助，单个项目最高不超过800万元。

市工业和信息化局
2024年5月10日
`;

/** Polls an asynchronous condition until it holds, failing after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 250));
  }
}

let n = 0;
function dingtalkMessage(content: string, user: string, msgId = `two-${++n}-${Date.now()}`) {
  return JSON.stringify({
    msgtype: "text",
    text: { content },
    msgId,
    conversationId: `cid-${user}`,
    conversationType: "1",
    senderStaffId: user,
    chatbotUserId: "bot1",
    sessionWebhook: "https://oapi.dingtalk.com/robot/sendBySession?session=x",
    sessionWebhookExpiredTime: Date.now() + 3600_000,
  });
}

function sendDingtalk(url: string, body: string, timestamp = String(Date.now())) {
  return fetch(`${url}/bots/dingtalk`, {
    method: "POST",
    headers: { "content-type": "application/json", timestamp, sign: dingSign(SECRET, timestamp) },
    body,
  });
}

/** The markdown answer of a response; "" for an acknowledgement without one. */
async function replyText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? (JSON.parse(text) as { markdown: { text: string } }).markdown.text : "";
}

describeEachBackend("two instances sharing the corpus, the data directory and the state store", (backend) => {
  it("when a retry or a follow-up reaches the other instance, then it is not answered twice and the conversation continues", async () => {
    const place = await backend.place();
    const env = {
      CORPUS_DIR: await sampleCorpusCopy(),
      DATA_DIR: place.dataDir,
      DATABASE_URL: place.databaseUrl ?? "",
      DINGTALK_APP_SECRET: SECRET,
      ADMIN_TOKENS: ADMIN,
    };
    // The index is built once beforehand, so both instances only load it.
    await (await createKnowledgeBase(loadConfig(env))).open();
    const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);

    // A retry of one message id, with a fresh signature, on the other instance: acknowledged, not answered.
    const body = dingtalkMessage(QUESTION, "u1");
    const t1 = String(Date.now());
    expect(await replyText(await sendDingtalk(a, body, t1))).toContain("500万元");
    expect(await replyText(await sendDingtalk(b, body, String(Date.now() + 1)))).toBe("");
    // The captured request itself, replayed on the other instance: acknowledged, not answered.
    expect(await replyText(await sendDingtalk(b, body, t1))).toBe("");
    // …and its signature with another body is refused there.
    expect((await sendDingtalk(b, dingtalkMessage("另一个问题", "u1"), t1)).status).toBe(401);

    // A follow-up on the other instance is read against the first question.
    expect(await replyText(await sendDingtalk(b, dingtalkMessage(FOLLOW_UP, "u1")))).toContain("已到期");
    const ask = async (url: string, question: string) =>
      (await (
        await fetch(`${url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question, conversationId: "c1" }),
        })
      ).json()) as { standaloneQuestion: string; refused: boolean };
    await ask(b, QUESTION);
    const followUp = await ask(a, FOLLOW_UP);
    expect(followUp.standaloneQuestion).not.toBe(FOLLOW_UP);
    expect(followUp.standaloneQuestion).toContain("公共技术服务平台");

    // Both instances wrote to one audit log.
    const res = await fetch(`${a}/admin/audit?format=jsonl`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const records = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { channel: string; question: string; user?: string });
    expect(records.map((r) => [r.channel, r.question])).toEqual([
      ["dingtalk", QUESTION],
      ["dingtalk", FOLLOW_UP],
      ["api", QUESTION],
      ["api", FOLLOW_UP],
    ]);
    expect(records[0].user).toBe("u1");

    // A document uploaded to one instance is answered from by the other once it follows the new generation.
    const robot = "机器人核心零部件研发项目最高资助多少？";
    const askOnce = async (url: string) =>
      (await (
        await fetch(`${url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: robot }),
        })
      ).json()) as { answer: string; refused: boolean };
    expect((await askOnce(b)).answer).not.toContain("800万元");
    const form = new FormData();
    form.append("file", new Blob([ROBOT_NOTICE]), "机器人专项通知.txt");
    expect((await fetch(`${a}/api/documents`, { method: "POST", body: form })).status).toBe(201);
    expect((await askOnce(a)).answer).toContain("800万元");
    await until(async () => (await askOnce(b)).answer.includes("800万元"), 40_000);
  }, 180_000);
});
