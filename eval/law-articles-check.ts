/**
 * A quick check of law-article questions on a few hundred LawRefBook files, independent of the
 * question set: a seeded selection (all versions of a dozen laws with their 实施条例, the laws the
 * README names, random others up to --files) is copied into --work and indexed; questions are
 * generated from the raw Markdown (articles read here by their own simple rule, not by the code
 * under test) in several phrasings, by paragraph, by older version, past the end and for laws the
 * selection lacks. Prints the share of whole articles in the answer, of right first citations
 * (law and version), of refusals, and ask latency.
 *
 *   npx tsx eval/law-articles-check.ts --data data/bench/lawrefbook [--today 2025-06-01] [--files 340] [--seed 7] [--work /tmp/law-check] [--reuse]
 */
import { cp, mkdir, readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ExtractiveAnswerer } from "../src/answer/extractive.js";
import { toChineseNumber2 } from "../src/answer/law-answer.js";
import { KnowledgeBase } from "../src/service/knowledge-base.js";
import { parseChineseNumber } from "../src/text/chinese-numerals.js";
import { createTokenizer } from "../src/text/tokenize.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data/bench/lawrefbook" },
    today: { type: "string", default: "2025-06-01" },
    files: { type: "string", default: "340" },
    seed: { type: "string", default: "7" },
    work: { type: "string", default: "/tmp/law-check" },
    reuse: { type: "boolean", default: false },
  },
});
const SRC = path.resolve(values.data!);
const WORK = path.resolve(values.work!);
const TODAY = values.today!;
let seed = Number(values.seed);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

interface Question {
  q: string;
  kind: string;
  expectDoc?: string;
  expectParagraphs?: string[];
}

async function walk(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...(await walk(dir, r)));
    else if (e.name.endsWith(".md") && !r.startsWith("案例")) out.push(r);
  }
  return out;
}
const lawName = (f: string) => path.basename(f).replace(/\(.*$/, "").replace(/\.md$/, "");
const dateOf = (f: string) => /\((\d{4}-\d{2}-\d{2})\)/.exec(f)?.[1] ?? "";
const squash = (s: string) => s.replace(/\s+/g, "");

/** Articles of a raw file: a line opening 第N条 starts one; item lines (（一）) join the paragraph before. */
function rawArticles(md: string): Array<{ n: number; paragraphs: string[] }> {
  const out: Array<{ n: number; paragraphs: string[] }> = [];
  let current: { n: number; paragraphs: string[] } | undefined;
  for (const line of md.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    if (/^#|^<!--/.test(line)) {
      current = undefined;
      continue;
    }
    const m = /^第([一二三四五六七八九十百千零〇两]+)条(?!之)/.exec(line);
    if (m) out.push((current = { n: parseChineseNumber(m[1]) ?? 0, paragraphs: [line] }));
    else if (current && /^[（(][一二三四五六七八九十]+[）)]/.test(line))
      current.paragraphs[current.paragraphs.length - 1] += `\n${line}`;
    else if (current) current.paragraphs.push(line);
  }
  return out;
}

async function selectCorpus(all: string[]): Promise<Set<string>> {
  const groups = new Map<string, string[]>();
  for (const f of all) groups.set(lawName(f), [...(groups.get(lawName(f)) ?? []), f]);
  const multi = [...groups.entries()].filter(
    ([n, fs]) => fs.length > 1 && fs.every((f) => !f.startsWith("DLC")) && !/解释|规定|刑法修正/.test(n),
  );
  const chosen = new Set<string>();
  for (const [n, fs] of multi.sort(() => random() - 0.5).slice(0, 12)) {
    fs.forEach((f) => chosen.add(f));
    for (const f of groups.get(`${n}实施条例`) ?? []) chosen.add(f);
  }
  for (const n of [
    "中小企业促进法",
    "行政复议法",
    "民事诉讼法",
    "劳动合同法",
    "劳动合同法实施条例",
    "保障中小企业款项支付条例",
  ])
    for (const f of groups.get(n) ?? []) chosen.add(f);
  const others = all.filter((f) => !chosen.has(f));
  while (chosen.size < Number(values.files)) chosen.add(pick(others));
  return chosen;
}

async function questions(chosen: Set<string>, all: string[]): Promise<Question[]> {
  const groups = new Map<string, string[]>();
  for (const f of chosen) groups.set(lawName(f), [...(groups.get(lawName(f)) ?? []), f]);
  const inForce = (fs: string[]) =>
    [...fs]
      .sort((a, b) => dateOf(a).localeCompare(dateOf(b)))
      .filter((f) => dateOf(f) <= TODAY)
      .pop() ?? fs[0];
  const laws = [...groups.entries()].filter(([n]) => /(法|条例|规定|办法)$/.test(n) && !n.startsWith("民法典"));
  const read = async (f: string) => readFile(path.join(SRC, f), "utf8");
  const out: Question[] = [];
  while (out.length < 160) {
    const [n, fs] = pick(laws);
    const f = inForce(fs);
    const md = await read(f);
    const title = /^#\s*(.+)$/m.exec(md)?.[1].trim() ?? n;
    const articles = rawArticles(md).filter((a) => a.paragraphs.join("").length < 1500);
    if (articles.length < 3) continue;
    const a = pick(articles);
    const short = title.replace(/^中华人民共和国/, "");
    const cn = toChineseNumber2(a.n);
    const phrasing = out.length % 5;
    if (phrasing === 4 && a.paragraphs.length >= 2) {
      out.push({
        q: `${short}第${cn}条第二款是怎么规定的`,
        kind: "paragraph",
        expectDoc: f,
        expectParagraphs: [a.paragraphs[1]],
      });
      continue;
    }
    const q = [
      `《${title}》第${cn}条的内容是什么？`,
      `${short}第${a.n}条`,
      `${short}第${cn}条规定了什么`,
      `请问${short}第${cn}条怎么说的`,
      `${short}第${cn}条`,
    ][phrasing];
    out.push({ q, kind: "article", expectDoc: f, expectParagraphs: a.paragraphs });
  }
  const versioned = [...groups.entries()].filter(([, fs]) => fs.length > 1);
  for (let i = 0; i < 30 && versioned.length > 0; i++) {
    const [n, fs] = pick(versioned);
    const sorted = [...fs].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
    const older = sorted[Math.floor(random() * (sorted.length - 1))];
    const articles = rawArticles(await read(older)).filter((a) => a.paragraphs.join("").length < 1500);
    if (!dateOf(older) || articles.length < 3) continue;
    const a = pick(articles);
    const year = dateOf(older).slice(0, 4);
    const cn = toChineseNumber2(a.n);
    const q = i % 2 ? `${year}年版${n}第${cn}条` : `${n}（${year}年版本）第${cn}条规定了什么`;
    out.push({ q, kind: "version", expectDoc: older, expectParagraphs: a.paragraphs });
  }
  for (let i = 0; i < 25; i++) {
    const [n, fs] = pick(laws);
    const last = Math.max(...rawArticles(await read(inForce(fs))).map((a) => a.n));
    if (last > 0)
      out.push({ q: `${n}第${toChineseNumber2(last + 3 + (i % 7))}条的内容是什么`, kind: "refuse-past-end" });
  }
  const absent = all.filter((f) => ![...chosen].some((c) => lawName(c) === lawName(f)) && /法$|条例$/.test(lawName(f)));
  for (let i = 0; i < 25; i++)
    out.push({ q: `${lawName(pick(absent))}第${toChineseNumber2(2 + (i % 9))}条规定了什么？`, kind: "refuse-absent" });
  return out;
}

const all = (await walk(SRC)).sort();
const chosen = await selectCorpus(all);
if (!values.reuse) {
  await rm(WORK, { recursive: true, force: true });
  for (const f of chosen) {
    await mkdir(path.dirname(path.join(WORK, "corpus", f)), { recursive: true });
    await cp(path.join(SRC, f), path.join(WORK, "corpus", f));
  }
}
const started = Date.now();
const kb = new KnowledgeBase({
  corpusDir: path.join(WORK, "corpus"),
  dataDir: path.join(WORK, "data"),
  chunkChars: 250,
  tokenizer: createTokenizer(),
  embedding: { kind: "local" },
  answerer: new ExtractiveAnswerer(),
  now: () => new Date(`${TODAY}T00:00:00Z`),
});
await kb.open();
console.log(`corpus: ${chosen.size} files, index opened in ${Date.now() - started} ms; today ${TODAY}`);

const times: number[] = [];
let answerable = 0;
let whole = 0;
let first = 0;
let refusable = 0;
let refused = 0;
const failures: string[] = [];
for (const x of await questions(chosen, all)) {
  const t = performance.now();
  const a = await kb.ask(x.q);
  times.push(performance.now() - t);
  if (!x.expectParagraphs) {
    refusable++;
    if (a.refused) refused++;
    else failures.push(`${x.kind} ${x.q} → answered: ${a.answer.slice(0, 60)}`);
    continue;
  }
  answerable++;
  const text = squash(a.answer);
  const isWhole = x.expectParagraphs.every((p) => text.includes(squash(p)));
  const isFirst = a.citations[0]?.docId === x.expectDoc;
  if (isWhole) whole++;
  if (isFirst) first++;
  if (!isWhole || !isFirst)
    failures.push(`${x.kind} ${x.q} → ${a.citations[0]?.docId ?? "refused"} (want ${x.expectDoc})`);
}
times.sort((a, b) => a - b);
const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}% (${n}/${d})`;
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(1);
console.log(`whole article in the answer ${pct(whole, answerable)}`);
console.log(`first citation the right law and version ${pct(first, answerable)}`);
console.log(`refusals ${pct(refused, refusable)}`);
console.log(`ask p50 ${at(0.5)} ms, p95 ${at(0.95)} ms over ${times.length} questions`);
if (failures.length) console.log(`failures:\n${failures.join("\n")}`);
