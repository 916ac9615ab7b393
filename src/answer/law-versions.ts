/**
 * Which version of a law a question gets: the one it asks for (2017年修订前, 2002年版, 2025年修订后),
 * else the one in force on the day. A superseded or repealed text is never the default. Pure.
 */
import type { LawEntry, LawVersion } from "./law-catalog.js";

export interface ChosenVersion {
  version: LawVersion;
  asked: boolean;
  note?: "not_yet_in_force" | "repealed";
}
export type VersionChoice = ChosenVersion | { missingYear: number; before?: boolean };

/** ISO date of `today`. */
export function isoDay(today: Date): string {
  return today.toISOString().slice(0, 10);
}

/** The version in force on `day`: the latest that started by then and is not repealed. */
export function versionInForce(law: LawEntry, day: string): VersionChoice {
  const live = law.versions.filter((v) => !v.info.repealed);
  const started = live.filter((v) => !v.start || v.start <= day);
  if (started.length > 0) return { version: started[started.length - 1], asked: false };
  // Nothing in force yet (or only repealed texts): the earliest live text, said to be not yet in force.
  if (live.length > 0) return { version: live[0], asked: false, note: "not_yet_in_force" };
  return { version: law.versions[law.versions.length - 1], asked: false, note: "repealed" };
}

/** Years a question names with a version word: 2017年修订前, 2002年版, 2025年修订后, 2017年的会计法. */
export interface AskedVersion {
  year: number;
  /** during: the version in force in that year (2021年的时候, 2020年适用的). */
  relation: "before" | "after" | "of" | "during";
}

const ASKED =
  /(\d{4})\s*年?\s*(?:(?:修订|修正|修改|版本|版|文本|颁布|公布|通过|制定|出台|发布|印发)(?:的|版|版本)?)?\s*(前|以前|之前|后|以后|之后)?/g;
const DURING = /(\d{4})\s*年\s*(?:的时候|时候|时|期间|当时|适用的?|施行的?|实施的?|有效的?|生效的?)/g;
/** 反垄断法（2007年）, 公司法(2018): a year in brackets right after a name is the version's (normalizeText writes (2018) as 〔2018〕). */
const YEAR_AFTER_NAME =
  /(?:法|条例|规定|办法|细则|解释|决定)》?\s*[(（〔]\s*(\d{4})\s*年?\s*[)）〕](?!\s*第?\s*\d+\s*号)/g;
/** "2017年的会计法": a year and 的 right before a name stands for the text of that time. */
const YEAR_OF_NAME =
  /(\d{4})\s*年\s*的\s*(?=《?[\u4e00-\u9fa5（）()]{1,30}?(?:法|条例|规定|办法|细则|解释|决定)(?:》|第|\d|[\s，,。？?]|$))/g;

/** Versions the question asks for by year, in the order written. */
export function askedVersions(normalizedQuestion: string): AskedVersion[] {
  const out: AskedVersion[] = [];
  for (const m of normalizedQuestion.matchAll(ASKED)) {
    const year = Number(m[1]);
    if (year < 1949 || year > 2100) continue;
    // A bare year needs a version word or 前/后 next to it: "2017年" alone may be any date.
    if (m[0].replace(/\s/g, "") === `${m[1]}年` || m[0].replace(/\s/g, "") === m[1]) continue;
    const relation = /前/.test(m[2] ?? "") ? "before" : /后/.test(m[2] ?? "") ? "after" : "of";
    out.push({ year, relation });
  }
  for (const m of normalizedQuestion.matchAll(YEAR_AFTER_NAME)) {
    const year = Number(m[1]);
    if (year >= 1949 && year <= 2100 && !out.some((a) => a.year === year)) out.push({ year, relation: "of" });
  }
  for (const m of [...normalizedQuestion.matchAll(DURING), ...normalizedQuestion.matchAll(YEAR_OF_NAME)]) {
    const year = Number(m[1]);
    if (year >= 1949 && year <= 2100 && !out.some((a) => a.year === year)) out.push({ year, relation: "during" });
  }
  return out;
}

/** The version a year names: of that year; the one before that year's revision; the one after. */
export function versionForYear(law: LawEntry, asked: AskedVersion): VersionChoice {
  const year = (v: LawVersion) => Number((v.date ?? "0").slice(0, 4));
  const vs = law.versions;
  if (asked.relation === "during") {
    const then = versionInForce(law, `${asked.year}-12-31`);
    return "version" in then && (!then.version.start || then.version.start <= `${asked.year}-12-31`)
      ? { version: then.version, asked: true }
      : { missingYear: asked.year };
  }
  if (asked.relation === "before") {
    const earlier = vs.filter((v) => year(v) < asked.year);
    const last = earlier[earlier.length - 1];
    return last ? { version: last, asked: true } : { missingYear: asked.year, before: true };
  }
  const exact = vs.find((v) => year(v) === asked.year);
  if (exact) return { version: exact, asked: true };
  if (asked.relation === "after") {
    const later = vs.find((v) => year(v) > asked.year);
    if (later) return { version: later, asked: true };
  }
  return { missingYear: asked.year };
}

/** Whether the question wants the version before the current one without naming a year (修订前, 旧版). */
export function asksPreviousVersion(normalizedQuestion: string): boolean {
  return /(?:修订|修正|修改)前|旧版|原版|上一版|修订之前|原来的/.test(normalizedQuestion);
}
