import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeText } from "../../src/text/normalize.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { DOMAIN_THESAURUS_FILE, loadThesaurus } from "../../src/retrieve/thesaurus-file.js";
import { questionTerms } from "../../src/retrieve/query-terms.js";
import {
  expandTerm,
  findPhrases,
  mergeThesauri,
  parseThesaurus,
  type Thesaurus,
} from "../../src/retrieve/thesaurus.js";

const parse = (text: string) => parseThesaurus(text, "test.txt");

describe("parseThesaurus", () => {
  it("reads equivalence lines and one-way lines, skipping comments and blank lines", () => {
    const { thesaurus, errors } = parse(
      ["# 资金", "", "扶持,支持,资助  # 行尾注释", "   ", "工信局 => 工业和信息化局", "  # 缩进的注释"].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(thesaurus.groups).toEqual([{ terms: ["扶持", "支持", "资助"], source: "test.txt", line: 3 }]);
    expect(thesaurus.rules).toEqual([{ from: ["工信局"], to: ["工业和信息化局"], source: "test.txt", line: 5 }]);
  });

  it("accepts full-width commas, enumeration commas, a full-width arrow, spaces and CRLF", () => {
    const { thesaurus, errors } = parse("\uFEFF扶持， 支持、资助\r\n发改委 ， 发展改革委 ＝＞ 发展和改革委员会\r\n");
    expect(errors).toEqual([]);
    expect(thesaurus.groups[0].terms).toEqual(["扶持", "支持", "资助"]);
    expect(thesaurus.rules[0]).toMatchObject({ from: ["发改委", "发展改革委"], to: ["发展和改革委员会"], line: 2 });
  });

  it("reports malformed lines with their line numbers in Chinese, skips them and keeps the rest", () => {
    const text = ["扶持,支持", "甲 =>", "=> 乙", "甲 => 乙 => 丙", "扶持", "甲,甲", "甲 => 甲", "补助,补贴"].join("\n");
    const { thesaurus, errors } = parse(text);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors.every((e) => e.source === "test.txt" && /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    expect(errors[0].message).toContain("右边");
    expect(errors[1].message).toContain("左边");
    expect(errors[2].message).toContain("只能有一个");
    expect(errors[3].message).toContain("至少需要两个");
    expect(thesaurus.groups.map((g) => g.terms)).toEqual([
      ["扶持", "支持"],
      ["补助", "补贴"],
    ]);
    expect(thesaurus.rules).toEqual([]);
  });

  it("never throws, whatever the text", () => {
    for (const text of ["", "=>", ",,,", "，、,", "# only a comment", "a => , =>", "\u0000\u0001"]) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});

describe("expandTerm", () => {
  const { thesaurus } = parse(["扶持,支持,资助", "工信局,市工信局 => 工业和信息化局", "支持,赞成"].join("\n"));

  it("expands an equivalence group to all its other members", () => {
    expect(expandTerm(thesaurus, "资助")).toEqual(["扶持", "支持"]);
  });

  it("expands a one-way rule from left to right only", () => {
    expect(expandTerm(thesaurus, "工信局")).toEqual(["工业和信息化局"]);
    expect(expandTerm(thesaurus, "市工信局")).toEqual(["工业和信息化局"]);
    expect(expandTerm(thesaurus, "工业和信息化局")).toEqual([]);
  });

  it("keeps lines apart: a term in two lines gets both, the lines do not chain", () => {
    expect(expandTerm(thesaurus, "支持")).toEqual(["扶持", "资助", "赞成"]);
    expect(expandTerm(thesaurus, "赞成")).toEqual(["支持"]);
    expect(expandTerm(thesaurus, "扶持")).not.toContain("赞成");
  });

  it("returns nothing for an unknown term, and a copy that callers may change", () => {
    expect(expandTerm(thesaurus, "不存在")).toEqual([]);
    expandTerm(thesaurus, "资助").push("乱加");
    expect(expandTerm(thesaurus, "资助")).toEqual(["扶持", "支持"]);
  });

  it("compares terms after normalizeText: width, case and Chinese numerals do not matter", () => {
    const t = parse(["ＩＤＣ => 数据中心", "年度,每年,一年", "AI => 人工智能"].join("\n")).thesaurus;
    expect(expandTerm(t, "idc")).toEqual(["数据中心"]);
    expect(expandTerm(t, "IDC")).toEqual(["数据中心"]);
    expect(expandTerm(t, "ａｉ")).toEqual(["人工智能"]);
    // normalizeText reads 一年 as 1年, in the file and in the question alike.
    expect(expandTerm(t, "1年")).toEqual(["年度", "每年"]);
    expect(expandTerm(t, "一年")).toEqual(["年度", "每年"]);
    expect(expandTerm(t, "１年")).toEqual(["年度", "每年"]);
  });
});

describe("mergeThesauri", () => {
  it("adds staff lines to built-in groups and never removes anything", () => {
    const builtIn = parse("扶持,支持,资助\n工信局 => 工业和信息化局").thesaurus;
    const staff = parseThesaurus("扶持,帮扶\n工信局 => 市工业和信息化局", "staff.txt").thesaurus;
    const merged = mergeThesauri(builtIn, staff);
    expect(expandTerm(merged, "扶持")).toEqual(["支持", "资助", "帮扶"]);
    expect(expandTerm(merged, "资助")).toEqual(["扶持", "支持"]);
    expect(expandTerm(merged, "帮扶")).toEqual(["扶持"]);
    expect(expandTerm(merged, "工信局")).toEqual(["工业和信息化局", "市工业和信息化局"]);
    expect(merged.groups.map((g) => g.source)).toEqual(["test.txt", "staff.txt"]);
    // The parts are left as they were.
    expect(expandTerm(builtIn, "扶持")).toEqual(["支持", "资助"]);
  });

  it("of nothing is an empty thesaurus", () => {
    expect(mergeThesauri().expansions.size).toBe(0);
  });
});

describe("findPhrases", () => {
  const { thesaurus } = parse(
    [
      "工信局 => 工业和信息化局",
      "最高不超过,上限",
      "超过,高于",
      "扶持资金,资助资金",
      "省 => 广东省",
      "多长时间,期限",
    ].join("\n"),
  );

  it("finds thesaurus phrases in the normalized question, longest first where they overlap", () => {
    const found = findPhrases(thesaurus, normalizeText("工信局的扶持资金最高不超过多少？有效多长时间？"));
    expect(found).toEqual([
      { phrase: "工信局", expansions: ["工业和信息化局"] },
      { phrase: "扶持资金", expansions: ["资助资金"] },
      { phrase: "最高不超过", expansions: ["上限"] },
      { phrase: "多长时间", expansions: ["期限"] },
    ]);
  });

  it("still reports a shorter phrase where it also occurs on its own", () => {
    const found = findPhrases(thesaurus, "最高不超过500万元,超过部分不予资助");
    expect(found.map((f) => f.phrase)).toEqual(["最高不超过", "超过"]);
  });

  it("does not match single-character terms inside other words", () => {
    expect(findPhrases(thesaurus, "节省成本的省级政策")).toEqual([]);
  });
});

describe("the built-in domain thesaurus", () => {
  let thesaurus: Thesaurus;
  let raw: string;
  let loadErrors: unknown[];
  beforeAll(async () => {
    const loaded = await loadThesaurus();
    thesaurus = loaded.thesaurus;
    loadErrors = loaded.errors;
    raw = await readFile(DOMAIN_THESAURUS_FILE, "utf8");
  });

  it("parses without errors and holds several hundred groups", () => {
    expect(loadErrors).toEqual([]);
    expect(thesaurus.groups.length).toBeGreaterThanOrEqual(300);
    expect(thesaurus.groups.length + thesaurus.rules.length).toBeGreaterThanOrEqual(400);
  });

  it("puts no term in two equivalence groups", () => {
    const firstLine = new Map<string, number>();
    const duplicates: string[] = [];
    for (const g of thesaurus.groups) {
      for (const t of g.terms) {
        const first = firstLine.get(t);
        if (first !== undefined) duplicates.push(`${t}: lines ${first} and ${g.line}`);
        else firstLine.set(t, g.line);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it("holds no figures, and single characters only on the left of one-way lines", () => {
    const lines = raw.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
    expect(lines.filter((l) => /[0-9０-９%％]/.test(l))).toEqual([]);
    const short = [...thesaurus.groups.flatMap((g) => g.terms), ...thesaurus.rules.flatMap((r) => r.to)].filter(
      (t) => [...t].length < 2,
    );
    expect(short).toEqual([]);
  });

  it("repeats no one-way rule that an equivalence group already covers", () => {
    const pointless = thesaurus.rules.filter((r) =>
      thesaurus.groups.some((g) => r.from.every((f) => g.terms.includes(f)) && r.to.every((t) => g.terms.includes(t))),
    );
    expect(pointless).toEqual([]);
  });

  it("knows the domain's synonyms", () => {
    expect(expandTerm(thesaurus, "资助")).toContain("扶持");
    expect(expandTerm(thesaurus, "扶持")).toContain("资助");
    expect(expandTerm(thesaurus, "补助")).toContain("补贴");
    expect(expandTerm(thesaurus, "上限")).toContain("最高不超过");
    expect(expandTerm(thesaurus, "最高不超过")).toContain("上限");
    expect(expandTerm(thesaurus, "最多")).toContain("最高不超过");
    expect(expandTerm(thesaurus, "比率")).toContain("比例");
    expect(expandTerm(thesaurus, "一年")).toContain("年度");
    expect(expandTerm(thesaurus, "有效期")).toContain("期限");
    expect(expandTerm(thesaurus, "申请")).toContain("申报");
    expect(expandTerm(thesaurus, "复函")).toContain("答复函");
    expect(expandTerm(thesaurus, "作废")).toContain("废止");
    expect(expandTerm(thesaurus, "中小微企业")).toContain("中小企业");
    expect(expandTerm(thesaurus, "技改")).toContain("技术改造");
    expect(expandTerm(thesaurus, "深圳")).toContain("深圳市");
  });

  it("expands short and ambiguous forms one way only", () => {
    const oneWay: Array<[string, string]> = [
      ["工信局", "工业和信息化局"],
      ["发改委", "发展和改革委员会"],
      ["市监局", "市场监督管理局"],
      ["科创委", "科技创新委员会"],
      ["人社局", "人力资源和社会保障局"],
      ["政数局", "政务服务数据管理局"],
      ["平台", "公共技术服务平台"],
      ["集群", "产业集群"],
      ["省", "广东省"],
      ["公司", "企业"],
    ];
    for (const [short, long] of oneWay) {
      expect(expandTerm(thesaurus, short), short).toContain(long);
      expect(expandTerm(thesaurus, long), long).not.toContain(short);
    }
  });

  it("finds the ministry and the bureau apart", () => {
    expect(expandTerm(thesaurus, "工信部")).toEqual(["工业和信息化部"]);
    expect(expandTerm(thesaurus, "工信局")).not.toContain("工业和信息化部");
  });
});

describe("the thesaurus and the jieba tokenizer together", () => {
  const tokenize = createTokenizer();
  let thesaurus: Thesaurus;
  beforeAll(async () => {
    thesaurus = (await loadThesaurus()).thesaurus;
  });

  it("jieba keeps plain words whole but cuts abbreviations and phrases apart", () => {
    // Whole tokens (search mode may add the parts of a compound): per-token expansion reaches them.
    for (const word of ["资助", "扶持", "补助", "上限", "技改", "操作规程"]) expect(tokenize(word)).toContain(word);
    // Cut apart: only findPhrases over the question text reaches them.
    expect(tokenize("工信局")).toEqual(["工", "信", "局"]);
    expect(tokenize("最高不超过")).toEqual(["最高", "不", "超过"]);
    expect(tokenize("扶持资金")).toEqual(["扶持", "资金"]);
    expect(tokenize("专精特新")).not.toContain("专精特新");
    // Stopwords are dropped entirely.
    expect(tokenize("多长时间")).not.toContain("多长时间");
  });

  it("lets the staff's words meet the document's words", () => {
    const question = "平台一年最多补助多少？";
    const passage = normalizeText("公共技术服务平台扶持计划：按照实际投资额的30%给予扶持，且年度最高不超过500万元。");
    const asked = questionTerms(question, { tokenize, idf: () => 1, thesaurus });
    const covered = (alternatives: string[]) => alternatives.some((a) => passage.includes(a));
    const plain = asked.filter((t) => passage.includes(t.term)).map((t) => t.term);
    const withSynonyms = asked.filter((t) => covered([t.term, ...(t.alternatives ?? [])])).map((t) => t.term);
    expect(plain).not.toContain("补助");
    expect(withSynonyms).toContain("补助");
    expect(withSynonyms).toContain("最多");
    expect(withSynonyms.length).toBeGreaterThan(plain.length);
  });
});

describe("loadThesaurus", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "thesaurus-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("adds a staff file to the built-in thesaurus and reports its bad lines by file and line", async () => {
    const staff = path.join(dir, "staff.txt");
    await writeFile(staff, "# 科室补充\n扶持,帮扶,纾困\n坏行 =>\n", "utf8");
    const { thesaurus, errors } = await loadThesaurus({ extraFiles: [staff] });
    expect(expandTerm(thesaurus, "扶持")).toEqual(expect.arrayContaining(["资助", "补贴", "帮扶", "纾困"]));
    expect(errors).toEqual([{ source: staff, line: 3, message: expect.stringContaining("右边") }]);
  });

  it("reads a staff file saved as GBK", async () => {
    const staff = path.join(dir, "gbk.txt");
    await writeFile(staff, iconv.encode("科室简称 => 中小企业服务局\n", "gbk"));
    const { thesaurus, errors } = await loadThesaurus({ extraFiles: [staff] });
    expect(errors).toEqual([]);
    expect(expandTerm(thesaurus, "科室简称")).toEqual(["中小企业服务局"]);
  });

  it("ignores a missing or empty staff file and reports an unreadable one", async () => {
    const empty = path.join(dir, "empty.txt");
    await writeFile(empty, "");
    const folder = path.join(dir, "a-folder.txt");
    await mkdir(folder);
    const { thesaurus, errors } = await loadThesaurus({ extraFiles: [path.join(dir, "missing.txt"), empty, folder] });
    expect(errors).toEqual([{ source: folder, line: 0, message: expect.stringContaining("无法读取") }]);
    expect(expandTerm(thesaurus, "资助")).toContain("扶持");
  });

  it("rejects options of the wrong shape", async () => {
    await expect(loadThesaurus({ extraFiles: [""] })).rejects.toThrow();
  });
});
