/**
 * Index builds of instances sharing a data directory, under the state store's lock: one builds at a
 * time, and the other loads what it published.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { loadConfig } from "../../src/config.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { openStateStore } from "../../src/store/open-store.js";
import type { SqlStateStore } from "../../src/store/sql-store.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { thesaurusLoader } from "../../src/wiring.js";
import { sampleCorpusCopy } from "../helpers/corpus.js";
import { describeEachBackend, dropSchemas } from "../helpers/state-backends.js";

const opened: SqlStateStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(dropSchemas);

describeEachBackend("the build lock", (backend) => {
  it("when two stores take the same lock at once, then their holders never overlap", async () => {
    const place = await backend.place();
    const stores = [await openStateStore(place), await openStateStore(place)];
    opened.push(...stores);
    let holders = 0;
    let most = 0;
    const order: string[] = [];
    await Promise.all(
      [0, 1, 0, 1].map((i, k) =>
        stores[i].withLock("index-build", async () => {
          most = Math.max(most, ++holders);
          order.push(`start${k}`);
          await new Promise((r) => setTimeout(r, 50));
          order.push(`end${k}`);
          holders--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(8);
  });

  it("when one instance re-indexes a shared data directory, then the other loads the generation it published", async () => {
    const place = await backend.place();
    const corpusDir = await sampleCorpusCopy();
    let holders = 0;
    let most = 0;
    const kbs = await Promise.all(
      [0, 1].map(async () => {
        const store = await openStateStore(place);
        opened.push(store);
        return new KnowledgeBase({
          corpusDir,
          dataDir: place.dataDir,
          chunkChars: 250,
          tokenizer: createTokenizer(),
          embedding: { kind: "local" },
          answerer: new ExtractiveAnswerer(),
          loadThesaurus: thesaurusLoader(loadConfig({})),
          buildLock: (fn) =>
            store.withLock("index-build", async () => {
              most = Math.max(most, ++holders);
              try {
                return await fn();
              } finally {
                holders--;
              }
            }),
        });
      }),
    );
    // Both open (and would build) at once: one builds, the other waits and loads it.
    await Promise.all(kbs.map((kb) => kb.open()));
    expect(most).toBe(1);
    expect(await kbs[1].followPublished()).toBe(false);

    await writeFile(
      path.join(corpusDir, "uploads", "测试园区通知.txt"),
      "关于测试园区企业奖励的通知\n\n一、奖励标准\n对入驻测试园区的企业，每年给予最高不超过888万元奖励。\n\n市工业和信息化局\n2024年5月10日\n",
    );
    const question = "入驻测试园区的企业每年最高奖励多少？";
    expect((await kbs[1].ask(question)).answer).not.toContain("888万元");
    await kbs[0].reindex();
    expect(await kbs[1].followPublished()).toBe(true);
    expect((await kbs[1].ask(question)).answer).toContain("888万元");
  });
});
