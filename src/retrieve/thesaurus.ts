/**
 * A domain thesaurus for query expansion: staff ask "平台一年最多补助多少？" while documents say
 * "年度最高不超过500万元扶持". The file format is Solr's / Elasticsearch's synonym format:
 *
 *   扶持,支持,资助          equivalence: every term may be matched by every other term
 *   工信局 => 工业和信息化局  one-way: the left side also looks for the right side, not the reverse
 *
 * Expansion happens at query time only: documents are indexed with their own words, and a
 * question's words are widened to their synonyms before scoring. So the thesaurus carries no
 * version number and changing it never requires rebuilding an index.
 *
 * Lines are independent, as in Solr: a term found in two lines is expanded by the union of both,
 * but the lines are not merged into one group, so 甲,乙 and 乙,丙 make 乙 match both while 甲
 * still does not match 丙. That keeps one ambiguous word from chaining unrelated groups together.
 *
 * Phrases and tokens: jieba often cuts a thesaurus phrase into several tokens (最高不超过 →
 * 最高 / 不 / 超过, 扶持资金 → 扶持 / 资金), and some terms are stopwords the tokenizer drops
 * (多久, 一共). Per-token expansion (expandTerm) therefore only reaches terms
 * that jieba keeps whole. The thesaurus keeps phrases whole so that a caller can also look for
 * them in the normalized question text with findPhrases (retrieve/query-terms.ts lends each
 * phrase's expansions to an asked token inside the phrase).
 */
import { normalizeText } from "../text/normalize.js";

export interface ThesaurusError {
  /** File name or other label of the text the line came from. */
  source: string;
  /** 1-based line number; 0 when the whole file is concerned (e.g. unreadable). */
  line: number;
  /** Chinese message for the staff who maintain the file. */
  message: string;
}

interface Origin {
  source: string;
  line: number;
}

/** Terms that are interchangeable, normalized. */
export interface EquivalenceGroup extends Origin {
  terms: string[];
}

/** Left-side terms that also look for the right-side terms, normalized. */
export interface OneWayRule extends Origin {
  from: string[];
  to: string[];
}

export interface Thesaurus {
  readonly groups: readonly EquivalenceGroup[];
  readonly rules: readonly OneWayRule[];
  /** Normalized term → the other terms it may be matched by, in file order, without repeats. */
  readonly expansions: ReadonlyMap<string, readonly string[]>;
}

/** A thesaurus phrase found in a question, with the terms it may be matched by. */
export interface PhraseMatch {
  phrase: string;
  expansions: readonly string[];
}

/** Separators between terms: ASCII comma, full-width comma and the enumeration comma. */
const SEPARATOR = /[,，、]/;
const ARROW = "=>";

export const EMPTY_THESAURUS: Thesaurus = buildThesaurus([], []);

/** Parse a synonym file. Malformed lines are reported (in Chinese) and skipped, never thrown. */
export function parseThesaurus(text: string, source: string): { thesaurus: Thesaurus; errors: ThesaurusError[] } {
  const groups: EquivalenceGroup[] = [];
  const rules: OneWayRule[] = [];
  const errors: ThesaurusError[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const report = (message: string) => errors.push({ source, line, message });
      // No term contains "#", so everything after it is a comment, at line start or trailing.
      // NFKC first so that a full-width arrow "＝＞" or "＃" counts like the ASCII one.
      const content = raw.normalize("NFKC").split("#")[0].trim();
      if (!content) return;
      const sides = content.split(ARROW);
      if (sides.length > 2) return report(`一行只能有一个“=>”：${content}`);
      if (sides.length === 2) {
        const from = terms(sides[0]);
        const to = terms(sides[1]);
        if (from.length === 0) return report(`“=>”左边缺少词语：${content}`);
        if (to.length === 0) return report(`“=>”右边缺少词语：${content}`);
        const targets = to.filter((t) => !from.includes(t));
        if (targets.length === 0) return report(`“=>”右边的词与左边相同，这一行不起作用：${content}`);
        rules.push({ from, to: targets, source, line });
        return;
      }
      const group = terms(content);
      if (group.length < 2) return report(`同义词组至少需要两个不同的词（用逗号、顿号分隔）：${content}`);
      groups.push({ terms: group, source, line });
    });
  return { thesaurus: buildThesaurus(groups, rules), errors };
}

/** The distinct normalized terms of one side of a line; empty items ("甲,,乙") are skipped. */
function terms(side: string): string[] {
  const out: string[] = [];
  for (const item of side.split(SEPARATOR)) {
    const term = normalizeTerm(item);
    if (term && !out.includes(term)) out.push(term);
  }
  return out;
}

/** Thesaurus terms and question words meet in normalizeText's form: width, numerals, case. */
function normalizeTerm(term: string): string {
  return normalizeText(term.trim()).replace(/\s+/g, " ").trim();
}

function buildThesaurus(groups: EquivalenceGroup[], rules: OneWayRule[]): Thesaurus {
  const expansions = new Map<string, string[]>();
  const add = (term: string, others: string[]) => {
    const list = expansions.get(term) ?? [];
    for (const o of others) if (o !== term && !list.includes(o)) list.push(o);
    expansions.set(term, list);
  };
  for (const g of groups) for (const t of g.terms) add(t, g.terms);
  for (const r of rules) for (const t of r.from) add(t, r.to);
  return { groups, rules, expansions };
}

/**
 * Combine thesauri, e.g. the built-in file and a staff file. Lines only ever add expansions,
 * so a staff line can widen a built-in group but never remove anything from it.
 */
export function mergeThesauri(...parts: Thesaurus[]): Thesaurus {
  return buildThesaurus(
    parts.flatMap((p) => p.groups),
    parts.flatMap((p) => p.rules),
  );
}

/** The other terms `term` may be matched by: the rest of its groups and the right side of its rules. */
export function expandTerm(thesaurus: Thesaurus, term: string): string[] {
  return [...(thesaurus.expansions.get(normalizeTerm(term)) ?? [])];
}

/**
 * Thesaurus terms of two or more characters found in a normalized question, for phrases the
 * tokenizer cuts apart or drops. An occurrence inside a longer found phrase does not count
 * (工业和信息化局 found, its 信息化 part is not reported on its own). Single-character terms (钱,
 * 省) only ever match as whole tokens through expandTerm: as substrings they would fire inside
 * unrelated words (节省, 省级).
 */
export function findPhrases(thesaurus: Thesaurus, normalizedText: string): PhraseMatch[] {
  const found: Array<{ phrase: string; start: number; end: number }> = [];
  for (const phrase of thesaurus.expansions.keys()) {
    if ([...phrase].length < 2) continue;
    for (let at = normalizedText.indexOf(phrase); at >= 0; at = normalizedText.indexOf(phrase, at + 1)) {
      found.push({ phrase, start: at, end: at + phrase.length });
    }
  }
  const covered = (o: { phrase: string; start: number; end: number }) =>
    found.some((l) => l.phrase.length > o.phrase.length && l.start <= o.start && l.end >= o.end);
  const kept = found.filter((o) => !covered(o)).sort((a, b) => a.start - b.start);
  const out: PhraseMatch[] = [];
  for (const o of kept) {
    if (!out.some((m) => m.phrase === o.phrase))
      out.push({ phrase: o.phrase, expansions: expandTerm(thesaurus, o.phrase) });
  }
  return out;
}
