/**
 * The page in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
 * ask, watch the answer stream in, open citation [1], ask a follow-up, and save the screenshot
 * the README shows. Skipped only on a developer machine without chromium; in CI it must run.
 * At phone width (360 px) the header must fit without wrapping its buttons, and no icon may
 * depend on a colour-emoji or symbol font (Debian's chromium and many office PCs have none).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { FeedbackStore } from "../../src/feedback/feedback-store.js";
import { listen } from "../helpers/http.js";
import { lastingSampleKb } from "../server/lasting-kb.js";
import { silentLogger } from "../../src/core/logger.js";

const CHROMIUM = "/usr/bin/chromium";
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip)
  console.warn(
    `e2e skipped: ${CHROMIUM} is absent (install it with apt-get install -y chromium; in CI this test runs)`,
  );

const SCREENSHOT = path.resolve("docs/screenshot-chat.png");
const PHONE_SCREENSHOT = path.resolve("docs/screenshot-phone.png");

/** Emoji, and symbols that come from a symbol font: arrows, technical, misc symbols, dingbats. */
const SYMBOL_CHARS = String.raw`[\p{Extended_Pictographic}\u{2190}-\u{21FF}\u{2300}-\u{23FF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{FE0F}]`;

/**
 * What on the page could render as an empty box without a colour-emoji or symbol font: emoji in
 * the visible text; emoji or symbols in the page's own chrome (buttons, links, badges, headings,
 * hidden ones too) and in CSS generated content (::before / ::after).
 */
async function glyphRisks(p: Page): Promise<string[]> {
  return p.evaluate((symbolSource: string) => {
    const d = (globalThis as any).document;
    const win = globalThis as any;
    const symbols = new RegExp(symbolSource, "gu");
    const found: string[] = [];
    for (const m of String(d.body.innerText).matchAll(/\p{Extended_Pictographic}/gu)) found.push(`text: ${m[0]}`);
    for (const e of d.querySelectorAll(
      "header, button, a, .badge, .refusal-title, .panel-head, label, h1, h2, h3, th",
    )) {
      for (const m of String(e.textContent).matchAll(symbols))
        found.push(`${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}: ${m[0]}`);
    }
    for (const e of d.querySelectorAll("*")) {
      for (const pseudo of ["::before", "::after"]) {
        const content = String(win.getComputedStyle(e, pseudo).content);
        for (const m of content.matchAll(symbols))
          found.push(`${e.tagName.toLowerCase()}.${e.className}${pseudo}: ${m[0]}`);
      }
    }
    return found;
  }, SYMBOL_CHARS);
}

/** Each header item's number of text lines and box, and whether the header overflows. */
async function headerLayout(p: Page) {
  return p.evaluate(() => {
    const d = (globalThis as any).document;
    const bar = d.querySelector(".topbar");
    const items = [...bar.querySelectorAll("h1, button")].map((e: any) => {
      const range = d.createRange();
      range.selectNodeContents(e);
      const tops = new Set(
        [...range.getClientRects()].filter((r: any) => r.width > 0).map((r: any) => Math.round(r.top)),
      );
      const box = e.getBoundingClientRect();
      return { text: String(e.textContent).trim(), lines: tops.size, left: box.left, right: box.right };
    });
    return {
      items,
      scrollWidth: bar.scrollWidth as number,
      clientWidth: bar.clientWidth as number,
      pageWidth: d.documentElement.scrollWidth as number,
    };
  });
}

describe.skipIf(skip)("the chat page in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof listen>>;
  let dispose: () => Promise<void>;
  const external: string[] = [];

  beforeAll(async () => {
    const s = await lastingSampleKb();
    dispose = s.dispose;
    server = await listen(
      createApp({ kb: s.kb, log: silentLogger, corpusDir: s.corpus, feedback: new FeedbackStore(s.dataDir) }),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) external.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dispose?.();
  });

  it("answers with a streamed, cited answer; shows the highlighted source; follows up", async () => {
    await page.goto(server.url);
    expect(await page.locator(".example").count()).toBeGreaterThan(0);

    await page.fill("#question", "公共技术服务平台扶持计划给多少支持？");
    // Record what the streaming bubble shows while tokens arrive, before the final render.
    await page.evaluate(`(() => {
      window.__streamed = [];
      new MutationObserver(() => {
        const s = document.querySelector(".msg.bot.streaming .answer-text");
        if (s && s.textContent) window.__streamed.push(s.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.click("#send");
    const first = page.locator(".msg.bot").first();
    await first.locator(".actions").waitFor({ timeout: 20_000 });
    const text = await first.locator(".answer-text").innerText();
    expect(text).toContain("30%");
    expect(text).toContain("500万元");
    expect(await first.locator(".badge.expired").count()).toBe(1);
    const streamed = (await page.evaluate("window.__streamed")) as string[];
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.some((t) => t.includes("500万元"))).toBe(true);

    await first.locator("a.cite", { hasText: "[1]" }).first().click();
    const panel = page.locator("#source-panel");
    await panel.waitFor({ state: "visible" });
    await expect.poll(() => page.locator("#src-number").innerText()).not.toBe("…");
    expect(await panel.locator("#src-title").innerText()).toContain("20210384");
    expect(await panel.locator("#src-section").innerText()).toBe("三 > （四）加快公共技术服务平台建设");
    const mark = await panel.locator("#src-passage mark").innerText();
    expect(mark).toContain("500万元");
    // Surrounding text is shown around the highlighted quote.
    expect((await panel.locator("#src-passage").innerText()).length).toBeGreaterThan(mark.length);
    // Icons are drawn, not taken from an emoji or symbol font.
    expect(await glyphRisks(page)).toEqual([]);
    for (const name of ["有帮助", "没帮助"]) {
      const button = first.getByRole("button", { name, exact: true });
      expect(await button.locator("svg").count()).toBe(1);
      const box = await button.locator("svg").boundingBox();
      expect(box!.width).toBeGreaterThan(0);
      expect(box!.height).toBeGreaterThan(0);
    }
    expect(await page.getByRole("button", { name: "关闭", exact: true }).locator("svg").count()).toBe(1);

    await page.fill("#question", "那这个计划现在还能申请吗？");
    await page.click("#send");
    const second = page.locator(".msg.bot").nth(1);
    await second.locator(".actions").waitFor({ timeout: 20_000 });
    expect(await second.locator(".answer-text").innerText()).toContain("已到期");
    expect(await second.locator(".badge.expired").count()).toBe(1);

    // A question about whether the scheme still applies is answered status first.
    expect(await second.locator(".answer-text").innerText()).toMatch(/^注意：截至2021年10月22日答复时/);
    await second.locator("a.cite").first().click();
    await expect.poll(() => page.locator("#src-passage mark").innerText()).toContain("已到期");

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(external).toEqual([]);
  });

  it("shows a refusal distinctly, with the nearest passages", async () => {
    await page.click("#new-chat");
    await page.fill("#question", "深圳市新能源汽车购车补贴标准是多少？");
    await page.click("#send");
    const box = page.locator(".msg.bot.refused");
    await box.waitFor({ timeout: 20_000 });
    expect(await box.locator(".refusal-title").innerText()).toContain("知识库中未找到");
    expect(await box.locator(".sources li").count()).toBeGreaterThan(0);
    expect(await glyphRisks(page)).toEqual([]);
  });

  it("opens a source link /?doc=&start=&end= with the span highlighted", async () => {
    const doc = "reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt";
    await page.goto(`${server.url}/?${new URLSearchParams({ doc, start: "5115", end: "5304" })}`);
    await page.locator("#doc-mark").waitFor();
    expect(await page.locator("#doc-mark").innerText()).toContain("500万元");
    expect(await page.locator("#doc-title").innerText()).toContain("20210384");
    expect(await page.locator("#doc-back").innerText()).toContain("返回");
    // Only the document is shown, not the conversation above it.
    expect(await page.locator("#view-chat").isVisible()).toBe(false);
    expect(await glyphRisks(page)).toEqual([]);
  });

  it("lists documents at phone width and shows the source as a bottom sheet", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
    try {
      await phone.goto(server.url);
      await phone.click(".tab[data-view=docs]");
      await phone.locator("#doc-table tbody tr").first().waitFor();
      expect(await phone.locator("#doc-table tbody tr").count()).toBeGreaterThanOrEqual(2);
      expect(await phone.locator("#index-status").innerText()).toContain("索引就绪");
      await phone.click(".tab[data-view=chat]");
      await phone.fill("#question", "公共技术服务平台扶持计划给多少支持？");
      await phone.click("#send");
      await phone.locator(".msg.bot .actions").waitFor({ timeout: 20_000 });
      await phone.locator("a.cite").first().click();
      const box = await phone.locator("#source-panel").boundingBox();
      expect(box!.width).toBe(390);
      expect(box!.y).toBeGreaterThan(100);
    } finally {
      await phone.close();
    }
  });

  it("fits a 360 px phone: header buttons on one line, icons drawn as SVG; saves the phone screenshot", async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
    try {
      await phone.goto(server.url);
      const check = async () => {
        const layout = await headerLayout(phone);
        expect(layout.items.map((i) => i.text)).toEqual(["工信局政策问答助手", "对话", "文档", "新对话"]);
        for (const item of layout.items) {
          expect(item.lines, `${item.text} wraps`).toBe(1);
          expect(item.left).toBeGreaterThanOrEqual(0);
          expect(item.right).toBeLessThanOrEqual(360);
        }
        expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
        expect(layout.pageWidth).toBeLessThanOrEqual(360);
      };
      await check();

      await phone.fill("#question", "公共技术服务平台扶持计划给多少支持？");
      await phone.click("#send");
      const answer = phone.locator(".msg.bot").first();
      await answer.locator(".actions").waitFor({ timeout: 20_000 });
      await check();
      expect(await glyphRisks(phone)).toEqual([]);
      for (const name of ["有帮助", "没帮助"]) {
        const button = answer.getByRole("button", { name, exact: true });
        expect(await button.locator("svg").count()).toBe(1);
        const box = await button.locator("svg").boundingBox();
        expect(box!.width).toBeGreaterThan(0);
        expect(box!.height).toBeGreaterThan(0);
      }
      await answer.locator(".actions").scrollIntoViewIfNeeded();
      await mkdir(path.dirname(PHONE_SCREENSHOT), { recursive: true });
      await phone.screenshot({ path: PHONE_SCREENSHOT, fullPage: false });
      expect(existsSync(PHONE_SCREENSHOT)).toBe(true);

      // The feedback buttons still open the comment form.
      await answer.getByRole("button", { name: "没帮助", exact: true }).click();
      await answer.locator(".feedback input").waitFor();

      await phone.click(".tab[data-view=docs]");
      await check();
      expect(await phone.locator("#view-chat").isVisible()).toBe(false);
      expect(await phone.locator("#view-docs").isVisible()).toBe(true);
    } finally {
      await phone.close();
    }
  });
});
