/**
 * Builds the laws question set and its corpus selection from the hand-written spec, so every gold
 * string is cut from the law files themselves:
 *
 *   npx tsx eval/laws/build-set.ts --data data/bench/lawrefbook       # writes eval/sets/laws.jsonl
 *                                                                      # and eval/sets/laws-corpus.txt
 *   npx tsx eval/laws/build-set.ts --data data/bench/lawrefbook --show 经济法/中小企业促进法(2017-09-01).md 第八条
 *   npx tsx eval/laws/build-set.ts --data data/bench/lawrefbook \
 *     --spec eval/laws/staff-spec.jsonl --out eval/sets/laws-staff.jsonl   # a further set on the same corpus
 *
 * eval/laws/spec.jsonl holds the questions as staff ask them (the wording is hand-written) and
 * what answers them: an article (and 款) of a file, a quote and facts of a file, or a refusal with
 * what makes it one (a law absent from the whole data, an article past the end of every version,
 * a version year no file has) — each checked here against the data. eval/laws/corpus.json says
 * which further files join the selection. The output is deterministic.
 *
 * With --spec/--out a further set is built on the corpus list as it is (the list is not rewritten):
 * every gold file must be in it, and a law named as absent (absentLaw) must be absent from it —
 * a law the data holds but the benchmark corpus does not is one the service must refuse too.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  clausesOf,
  findArticle,
  lawKeyOf,
  parseLawMarkdown,
  versionDateOf,
} from "../../src/eval/benchmarks/law-text.js";
import { seededRandom } from "../../src/core/seeded-random.js";
import { parseQuestionSet, type EvalQuestion } from "../../src/eval/question-set.js";
import { LAWS_CORPUS_LIST, LAWS_SET, parseCorpusList } from "../../src/eval/benchmarks/laws.js";

const SPEC = "eval/laws/spec.jsonl";
const CORPUS_SPEC = "eval/laws/corpus.json";

const Common = {
  id: z.string(),
  question: z.string().min(1),
  category: z.enum(["fact", "number", "date", "which"]).default("fact"),
  tags: z.array(z.string()).default([]),
};
const SpecLine = z.discriminatedUnion("kind", [
  z.object({
    ...Common,
    kind: z.literal("article"),
    file: z.string(),
    article: z.string(),
    /** 1-based 款 when one paragraph is asked (with its 项). */
    paragraph: z.number().int().min(1).optional(),
    /** 1-based 项 when one item is asked: of the 款 asked, else counted over the whole article. */
    item: z.number().int().min(1).optional(),
  }),
  z.object({
    ...Common,
    kind: z.literal("fact"),
    file: z.string(),
    quote: z.string().min(1),
    facts: z.array(z.union([z.string(), z.array(z.string())])).min(1),
  }),
  z.object({
    ...Common,
    kind: z.literal("refuse"),
    /** A law name no file name of the data starts with. */
    absentLaw: z.string().optional(),
    /** A law (any of its files) whose every version ends before `article`. */
    file: z.string().optional(),
    article: z.number().int().optional(),
    /** A version year no file of the law has. */
    year: z.string().optional(),
    /** With `article`: a 款 past the last one of that article in every version. */
    paragraph: z.number().int().min(1).optional(),
  }),
]);
type Spec = z.infer<typeof SpecLine>;

const CorpusSpec = z.object({
  /** Further files: the confusers of the asked laws (实施条例, interpretations, local regulations). */
  confusers: z.array(z.string()),
  /** Distractors drawn at random from the rest (seeded), among files up to maxBytes. */
  distractors: z.number().int().min(0),
  seed: z.number().int(),
  maxBytes: z.number().int(),
  /** Folders distractors are not drawn from. */
  skipFolders: z.array(z.string()).default([]),
});

async function listMarkdown(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listMarkdown(root, p)));
    else if (e.name.endsWith(".md")) out.push(p);
  }
  return out.sort();
}

function fail(id: string, message: string): never {
  throw new Error(`${id}: ${message}`);
}

function articleQuestion(s: Extract<Spec, { kind: "article" }>, text: string): EvalQuestion {
  const article = findArticle(parseLawMarkdown(text), s.article) ?? fail(s.id, `${s.file} has no ${s.article}`);
  const clauses = clausesOf(article);
  if (s.paragraph !== undefined && s.paragraph > clauses.length)
    fail(s.id, `${s.article} has ${clauses.length} paragraphs`);
  let paragraphs = s.paragraph === undefined ? article.paragraphs : clauses[s.paragraph - 1];
  if (s.item !== undefined) {
    // The 款's items, or the article's when no 款 is asked; the 款's lead-in line is no item.
    const items = (s.paragraph === undefined ? clauses : [paragraphs]).flatMap((c) => c.slice(1));
    paragraphs = [items[s.item - 1] ?? fail(s.id, `${s.article} has ${items.length} items there`)];
  }
  for (const p of paragraphs) if (!text.includes(p)) fail(s.id, `paragraph not verbatim in the file: ${p}`);
  const kind = s.item !== undefined ? "item" : s.paragraph !== undefined ? "paragraph" : "article";
  return {
    id: s.id,
    question: s.question,
    category: s.category,
    tags: ["law", kind, ...s.tags],
    facts: paragraphs,
    gold: { docId: s.file, quote: paragraphs[0], paragraphs },
    answerable: true,
  };
}

function factQuestion(s: Extract<Spec, { kind: "fact" }>, text: string): EvalQuestion {
  if (!text.includes(s.quote)) fail(s.id, `quote not in ${s.file}: ${s.quote}`);
  return {
    id: s.id,
    question: s.question,
    category: s.category,
    tags: ["law", ...s.tags],
    facts: s.facts,
    gold: { docId: s.file, quote: s.quote },
    answerable: true,
  };
}

async function checkRefusal(s: Extract<Spec, { kind: "refuse" }>, data: string, files: string[]): Promise<void> {
  if (s.paragraph !== undefined && s.article === undefined) fail(s.id, "a paragraph refusal needs article");
  if (s.absentLaw) {
    // A law's file name starts with its name; 劳动合同法 or an interpretation of 《合同法》 is not 合同法.
    const name = s.absentLaw;
    const hit = files.find((f) => [name, `中华人民共和国${name}`].some((n) => lawKeyOf(f).startsWith(n)));
    if (hit) fail(s.id, `"${s.absentLaw}" is in the data: ${hit}`);
  }
  if (s.file) {
    const versions = files.filter((f) => lawKeyOf(f) === lawKeyOf(s.file!));
    if (!versions.length) fail(s.id, `no file of ${s.file}`);
    if (s.article !== undefined)
      for (const v of versions) {
        const law = parseLawMarkdown(await readFile(path.join(data, v), "utf8"));
        if (s.paragraph === undefined) {
          if (law.articles.some((a) => a.number >= s.article!)) fail(s.id, `${v} has article ${s.article}`);
          continue;
        }
        const article = findArticle(law, s.article);
        if (article && clausesOf(article).length >= s.paragraph) fail(s.id, `${v} has that paragraph`);
      }
    if (s.year && versions.some((v) => versionDateOf(v)?.startsWith(s.year!)))
      fail(s.id, `${s.file} has a ${s.year} version`);
  }
  if (!s.absentLaw && !s.file) fail(s.id, "a refusal needs absentLaw or file");
}

function readSpec(text: string, file: string): Spec[] {
  return text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("//"))
    .map((l, i) => {
      const parsed = SpecLine.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** The questions of a spec, every gold string cut from `files` (paths relative to `data`). */
async function questionsOf(specs: Spec[], data: string, files: string[]): Promise<EvalQuestion[]> {
  const questions: EvalQuestion[] = [];
  for (const s of specs) {
    if (s.kind === "refuse") {
      await checkRefusal(s, data, files);
      const tags = ["law", "refuse", ...s.tags];
      questions.push({ id: s.id, question: s.question, category: "unanswerable", tags, facts: [], answerable: false });
      continue;
    }
    if (!files.includes(s.file)) fail(s.id, `no file ${s.file}`);
    const text = await readFile(path.join(data, s.file), "utf8");
    questions.push(s.kind === "article" ? articleQuestion(s, text) : factQuestion(s, text));
  }
  return questions;
}

/** A further set on the corpus list as it stands: gold files and absent laws judged against the list. */
async function buildFurther(data: string, specFile: string, out: string): Promise<void> {
  const corpus = parseCorpusList(await readFile(LAWS_CORPUS_LIST, "utf8"));
  const questions = await questionsOf(readSpec(await readFile(specFile, "utf8"), specFile), data, corpus);
  const setText = questions.map((q) => JSON.stringify(q)).join("\n") + "\n";
  parseQuestionSet(setText, out);
  await writeFile(out, setText);
  const refusals = questions.filter((q) => !q.answerable).length;
  console.log(`${questions.length} questions (${refusals} refusals) → ${out}; corpus ${LAWS_CORPUS_LIST} unchanged`);
}

async function build(data: string): Promise<void> {
  const files = await listMarkdown(data);
  const specs = readSpec(await readFile(SPEC, "utf8"), SPEC);
  const questions = await questionsOf(specs, data, files);
  const setText = questions.map((q) => JSON.stringify(q)).join("\n") + "\n";
  parseQuestionSet(setText, LAWS_SET);

  // The selection: every version of every law a question names, the confusers, then distractors.
  const corpus = CorpusSpec.parse(JSON.parse(await readFile(CORPUS_SPEC, "utf8")));
  const asked = new Set(specs.flatMap((s) => ("file" in s && s.file ? [lawKeyOf(s.file)] : [])));
  const selected = new Set(files.filter((f) => asked.has(lawKeyOf(f))));
  for (const c of corpus.confusers) {
    if (!files.includes(c)) throw new Error(`${CORPUS_SPEC}: no file ${c}`);
    for (const f of files) if (lawKeyOf(f) === lawKeyOf(c)) selected.add(f);
  }
  const pool: string[] = [];
  for (const f of files) {
    if (selected.has(f) || corpus.skipFolders.some((d) => f.startsWith(`${d}/`))) continue;
    if ((await stat(path.join(data, f))).size <= corpus.maxBytes) pool.push(f);
  }
  const rand = seededRandom(corpus.seed);
  for (let i = 0; i < corpus.distractors && pool.length; i++)
    selected.add(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  const list = [...selected].sort();
  let bytes = 0;
  for (const f of list) bytes += (await stat(path.join(data, f))).size;
  const header = `# Laws benchmark corpus: ${list.length} files of LawRefBook (relative paths), built by eval/laws/build-set.ts\n`;
  await writeFile(LAWS_CORPUS_LIST, header + list.join("\n") + "\n");
  await writeFile(LAWS_SET, setText);
  const refusals = questions.filter((q) => !q.answerable).length;
  console.log(
    `${questions.length} questions (${refusals} refusals) → ${LAWS_SET}; ${list.length} files, ${(bytes / 1e6).toFixed(1)} MB → ${LAWS_CORPUS_LIST}`,
  );
}

async function show(data: string, file: string, which: string | undefined): Promise<void> {
  const law = parseLawMarkdown(await readFile(path.join(data, file), "utf8"));
  console.log(`${law.title} | ${law.history.join(" | ")} | ${law.articles.length} articles`);
  for (const a of law.articles)
    if (!which || a.label === which) console.log(`${a.label}\n  ${a.paragraphs.join("\n  ")}`);
}

const { values, positionals } = parseArgs({
  options: {
    data: { type: "string", default: "data/bench/lawrefbook" },
    show: { type: "string" },
    spec: { type: "string" },
    out: { type: "string" },
  },
  allowPositionals: true,
});
if (values.show) await show(values.data, values.show, positionals[0]);
else if (values.spec || values.out) {
  if (!values.spec || !values.out) throw new Error("--spec and --out go together");
  await buildFurther(values.data, values.spec, values.out);
} else await build(values.data);
