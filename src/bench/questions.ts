/**
 * Question sets of the bench: every question carries a known answer passage, so "answer in the
 * top 8 passages" means the same for the project and the baseline. Law questions are written
 * here from the article texts. Pure.
 */
import type { GoldAnswer } from "./answer-match.js";
import { seededSample } from "./subset.js";

export interface BenchQuestion extends GoldAnswer {
  id: string;
  question: string;
}

export interface LawArticle {
  /** The law's title without 中华人民共和国, e.g. 中小企业促进法. */
  law: string;
  /** 第十条, 第二百二十四条之一. */
  number: string;
  /** The article's first sentence (the answer a question about it must find). */
  firstSentence: string;
}

const ARTICLE = /^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]+(\S.*)$/;

/** Title and articles of a LawRefBook Markdown file (`# title`, …, `<!-- INFO END -->`, `第一条 …`). */
export function parseLawArticles(markdown: string): LawArticle[] {
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  if (!title) return [];
  const law = title.replace(/^中华人民共和国/, "");
  const bodyStart = markdown.indexOf("<!-- INFO END -->");
  const body = bodyStart >= 0 ? markdown.slice(bodyStart) : markdown;
  const articles: LawArticle[] = [];
  for (const line of body.split("\n")) {
    const m = ARTICLE.exec(line.trim());
    if (!m) continue;
    const firstSentence = /^[^。；！？]*[。；！？]?/.exec(m[2])![0];
    articles.push({ law, number: m[1], firstSentence });
  }
  return articles;
}

/** Articles whose first sentence is long enough to be an answer and short enough to sit in one passage. */
const MIN_ANSWER = 12;
const MAX_ANSWER = 60;

/**
 * One question per article, about n articles drawn with a seed across files: half ask for an
 * article by number (《个人所得税法》第二条是怎么规定的？), half by a phrase of its content
 * without the number (个人所得税法对“应当缴纳个人所得税”有什么规定？).
 */
export function lawQuestions(
  files: Array<{ relPath: string; text: string }>,
  n: number,
  seed: number,
): BenchQuestion[] {
  const candidates = files.flatMap((f) =>
    parseLawArticles(f.text)
      .filter((a) => a.firstSentence.length >= MIN_ANSWER && a.firstSentence.length <= MAX_ANSWER)
      .map((a) => ({ ...a, relPath: f.relPath })),
  );
  return seededSample(candidates, n, seed).map((a, i) => {
    const answer = a.firstSentence.replace(/[。；！？]$/, "");
    const question =
      i % 2 === 0 ? `《${a.law}》${a.number}是怎么规定的？` : `${a.law}对“${contentPhrase(answer)}”有什么规定？`;
    return { id: `law-${i}`, question, answer, docId: a.relPath };
  });
}

/** A phrase from the middle of a sentence: its second third, at most 12 characters. */
export function contentPhrase(sentence: string): string {
  const start = Math.floor(sentence.length / 3);
  return sentence.slice(start, Math.min(sentence.length, start + Math.max(6, Math.min(12, sentence.length - start))));
}

/** ncpqa dev line: `{id, docid, question, answer}`; the document is written as `<prefix><docid>.txt`. */
export function ncpqaQuestions(
  lines: Array<{ id: string; docid: string; question: string; answer: string }>,
  n: number,
  seed: number,
  prefix = "",
): BenchQuestion[] {
  return seededSample(lines, n, seed).map((q) => ({
    id: `ncpqa-${q.id}`,
    question: q.question,
    answer: q.answer,
    docId: `${prefix}${q.docid}.txt`,
  }));
}

export interface CmrcParagraph {
  id: string;
  title: string;
  context: string;
  qas: Array<{ id: string; question: string; answers: Array<{ text: string }> }>;
}

/** CMRC 2018 questions, first reference answer; the paragraph is written as `<prefix><id>.txt`. */
export function cmrcQuestions(paragraphs: CmrcParagraph[], n: number, seed: number, prefix = ""): BenchQuestion[] {
  const all = paragraphs.flatMap((p) =>
    p.qas
      .filter((q) => q.answers[0]?.text)
      .map((q) => ({
        id: `cmrc-${q.id}`,
        question: q.question,
        answer: q.answers[0].text,
        docId: `${prefix}${p.id}.txt`,
      })),
  );
  return seededSample(all, n, seed);
}

/** The project's own eval sets: answerable questions with a gold quote. */
export function evalSetQuestions(
  lines: Array<{ id: string; question: string; answerable?: boolean; gold?: { docId: string; quote?: string } }>,
  n: number,
  seed: number,
): BenchQuestion[] {
  const usable = lines.filter((l) => l.answerable !== false && l.gold?.quote);
  return seededSample(usable, n, seed).map((l) => ({
    id: l.id,
    question: l.question,
    answer: l.gold!.quote!,
    docId: l.gold!.docId,
  }));
}
