/** The state store's behaviour, written once and run against SQLite and (with TEST_DATABASE_URL) PostgreSQL. */
import { afterAll, afterEach, expect, it } from "vitest";
import type { Citation } from "../../src/core/types.js";
import { migrate } from "../../src/store/migrations.js";
import { openStateStore } from "../../src/store/open-store.js";
import { openPostgresDb } from "../../src/store/postgres-db.js";
import { openSqliteDb } from "../../src/store/sqlite-db.js";
import type { SqlStateStore, SqlStateStoreOptions } from "../../src/store/sql-store.js";
import type { AuditEntry, AuditRecord } from "../../src/store/types.js";
import { describeEachBackend, dropSchemas, sqliteFileIn } from "../helpers/state-backends.js";

const opened: SqlStateStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(dropSchemas);

const citation: Citation = {
  n: 1,
  docId: "letters/2021-385.txt",
  title: "关于市政协七届二次会议第20210385号提案答复的函",
  date: "2021-10-22",
  section: "三",
  quote: "年度最高不超过500万元扶持",
  start: 10,
  end: 22,
};

const entry = (at: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(at),
  channel: "api",
  user: "token-1",
  question: "公共技术服务平台扶持计划给多少支持？",
  answer: "年度最高不超过500万元扶持[1]",
  refused: false,
  citations: [citation],
  latencyMs: 12,
  ...over,
});

describeEachBackend("state store", (backend) => {
  const open = async (place: { dataDir: string; databaseUrl?: string }, options: SqlStateStoreOptions = {}) => {
    const store = await openStateStore(place, options);
    opened.push(store);
    return store;
  };

  it("when migrations run again or from two connections at once, then each is applied exactly once", async () => {
    const place = await backend.place();
    const dbs = [0, 1].map(() =>
      place.databaseUrl ? openPostgresDb(place.databaseUrl) : openSqliteDb(sqliteFileIn(place.dataDir)),
    );
    try {
      const runs = await Promise.all(dbs.map((db) => migrate(db)));
      expect(runs.flat()).toEqual([1]);
      expect(await migrate(dbs[0])).toEqual([]);
      const { rows } = await dbs[1].run(`SELECT version, name FROM schema_migrations`);
      expect(rows.map((r) => Number(r.version))).toEqual([1]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it("when a conversation is continued through another connection, then it has the earlier turns, at most maxTurns, oldest first", async () => {
    const place = await backend.place();
    let t = 1_000_000;
    const a = await open(place, { maxTurns: 3, now: () => t });
    const b = await open(place, { maxTurns: 3, now: () => t });
    for (const q of ["问题一", "问题二", "问题三", "问题四"]) {
      t += 10;
      await a.conversations.append("web:c1", { question: q, standalone: `${q}（完整）` });
    }
    expect((await b.conversations.history("web:c1")).map((x) => x.question)).toEqual(["问题二", "问题三", "问题四"]);
    expect(await b.conversations.history("web:other")).toEqual([]);
    await b.conversations.reset("web:c1");
    expect(await a.conversations.history("web:c1")).toEqual([]);
  });

  it("when a conversation has been idle past its expiry, then it is forgotten and pruned", async () => {
    const place = await backend.place();
    let t = 1_000_000;
    const store = await open(place, { conversationTtlMs: 1000, now: () => t });
    await store.conversations.append("wecom:u1", { question: "问", standalone: "问" });
    t += 500;
    expect(await store.conversations.history("wecom:u1")).toHaveLength(1);
    t += 600;
    expect(await store.conversations.history("wecom:u1")).toEqual([]);
    expect((await store.prune({})).turns).toBe(1);
  });

  it("when feedback is added and the old file's records are imported twice, then each record is kept once", async () => {
    const place = await backend.place();
    const store = await open(place);
    const added = await store.feedback.add(
      { question: "问题", answer: "回答", citations: [citation], rating: "down", comment: "引用不对" },
      new Date("2026-11-01T00:00:00Z"),
    );
    const old = { ...added, id: "old-1", at: "2026-10-01T00:00:00.000Z", rating: "up" as const };
    expect(await store.feedback.import([old])).toBe(1);
    expect(await store.feedback.import([old])).toBe(0);
    const reopened = await open(place);
    expect(await reopened.feedback.all()).toEqual([old, added]);
  });

  it("when a key is claimed, then later claims see its value until it expires, and then one of them takes it over", async () => {
    const place = await backend.place();
    let t = 5_000_000;
    const a = await open(place, { now: () => t });
    const b = await open(place, { now: () => t });
    expect(await a.claims.claim("wecom:msg:1", "pending", 1000)).toBeUndefined();
    expect(await b.claims.claim("wecom:msg:1", "pending", 1000)).toBe("pending");
    await a.claims.update("wecom:msg:1", "done");
    expect(await b.claims.claim("wecom:msg:1", "pending", 1000)).toBe("done");
    t += 1000;
    expect(await b.claims.claim("wecom:msg:1", "pending", 1000)).toBeUndefined();
    expect(await a.claims.claim("wecom:msg:1", "x", 1000)).toBe("pending");
    t += 5000;
    expect(await a.prune({})).toMatchObject({ claims: 1 });
  });

  it("when two stores race to claim the same keys, then each key is claimed exactly once", async () => {
    const place = await backend.place();
    const stores = [await open(place), await open(place)];
    const keys = Array.from({ length: 20 }, (_, i) => `feishu:event:${i}`);
    const results = await Promise.all(
      keys.flatMap((k) => stores.map((s, i) => s.claims.claim(k, `store-${i}`, 60_000))),
    );
    for (let k = 0; k < keys.length; k++) {
      const pair = results.slice(2 * k, 2 * k + 2);
      expect(pair.filter((r) => r === undefined)).toHaveLength(1);
    }
  });

  it("when claims are made, then they survive closing and reopening the store", async () => {
    const place = await backend.place();
    const first = await openStateStore(place);
    await first.claims.claim("dingtalk:sig:1:abc", "bodyhash", 60_000);
    await first.close();
    const second = await open(place);
    expect(await second.claims.claim("dingtalk:sig:1:abc", "other", 60_000)).toBe("bodyhash");
  });

  it("when the audit log is read in pages between two times, then every record in range comes once, in time order, as written", async () => {
    const place = await backend.place();
    const store = await open(place);
    const written: AuditRecord[] = [];
    for (let i = 0; i < 7; i++) {
      written.push(
        await store.audit.record(
          entry(`2026-11-0${i + 1}T08:00:00Z`, {
            channel: (["page", "api", "wecom", "dingtalk", "feishu"] as const)[i % 5],
            refused: i % 2 === 1,
            ...(i === 3 ? { user: undefined, conversationId: "web:c1", standaloneQuestion: "完整的问题" } : {}),
          }),
        ),
      );
    }
    const since = new Date("2026-11-02T00:00:00Z");
    const until = new Date("2026-11-07T00:00:00Z");
    const read: AuditRecord[] = [];
    for (let page = await store.audit.page({ since, until }, 2); page.length;) {
      read.push(...page);
      const last = page[page.length - 1];
      page = await store.audit.page({ since, until }, 2, { at: last.at.getTime(), id: last.id });
    }
    expect(read).toEqual(written.slice(1, 6));
    expect(read[2]).not.toHaveProperty("user");
    expect(read[2].standaloneQuestion).toBe("完整的问题");
  });

  it("when records are older than the retention, then prune removes them and keeps the rest", async () => {
    const place = await backend.place();
    const store = await open(place);
    await store.audit.record(entry("2026-01-01T00:00:00Z"));
    await store.audit.record(entry("2026-06-01T00:00:00Z"));
    expect(await store.prune({ auditBefore: new Date("2026-03-01T00:00:00Z") })).toMatchObject({ audit: 1 });
    const left = await store.audit.page({}, 10);
    expect(left.map((r) => r.at.toISOString())).toEqual(["2026-06-01T00:00:00.000Z"]);
  });
});
