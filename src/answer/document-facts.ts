/**
 * Questions about a document itself rather than its content: who issued it and when, to whom it
 * is addressed, which proposal it answers and who made it, its 文号. Their answers sit in the
 * header, the addressee line and the signature, which no content passage matches, so they are
 * answered from the extracted metadata, quoting the place in the text where the value stands.
 * Pure: the document's text and chunks are given.
 */
import type { Answer, Chunk, DocMeta, Passage } from "../core/types.js";
import { normalizeText } from "../text/normalize.js";
import { chineseDate, makeCitation } from "./citations.js";
import { refusal } from "./refusal.js";
import { findDocNumbers, findProposalNumbers, namedByNumber } from "../retrieve/identifiers.js";

export type DocumentFact =
  | "issuer"
  | "date"
  | "addressee"
  | "proposer"
  | "proposal"
  | "proposalNumber"
  | "proposalTitle"
  | "session"
  | "copiedTo"
  | "disclosure"
  | "docNumber";

const ISSUED = "(?:发|出|印发|下发|签发|发布|制定|回复|答复|回|复)";
const PROPOSAL = "(?:提案|建议|议案)";
const ASKS: Array<[DocumentFact, RegExp]> = [
  ["docNumber", /文号|发文字号|几号文|文件编号/],
  ["proposalNumber", /提案(?:的)?(?:编号|号码)|(?:第几|几)号提案|建议(?:的)?(?:编号|号码)/],
  // Which meeting a proposal was made at (七届一次会议); 几届 alone may ask about a contest's editions.
  [
    "session",
    /(?:政协|人大|会议|大会).{0,8}(?:几届|哪一?届)|(?:几届|哪一?届).{0,8}(?:会议|大会|全会|政协|人大)|第几次(?:大会|会议|全会)|哪一?次(?:大会|会议|全会)/,
  ],
  // Who else received the reply: the 抄送 line.
  ["copiedTo", /抄送|同时(?:送|发|抄)|还(?:送|发|抄)给|另(?:外)?(?:送|发|抄)给|一并(?:送|发)/],
  // Whether the document may be published: its 公开方式 line.
  ["disclosure", /公开(?:方式|属性|类型|形式)|(?:能|可以|可)(?:不能|否)?(?:对外)?(?:公开|公布)|对外公布|公开吗/],
  // The proposal's own title, not the letter's: asked about the 提案 without naming the letter.
  ["proposalTitle", new RegExp(`^(?!.*(?:函|答复|回复))(?=.*${PROPOSAL}).*(?:标题|题目|全称|名称|题名|叫什么|名字)`)],
  // Which proposal the letter answers — not 提了什么建议, which asks for the proposal's content.
  [
    "proposal",
    new RegExp(
      `哪(?:件|个|份|项|条|一件|一项)${PROPOSAL}|(?:回|答复|回复|针对)的?是(?:哪|什么)(?:件|个|份|项)?${PROPOSAL}?|回的是哪|答复的是哪|针对的是哪`,
    ),
  ],
  [
    "proposer",
    /(?:谁|哪个|哪位|哪家|什么)(?:单位|党派|民主党派|委员|人|组织)?(?:提|提出)的|提案人|提案者|提出者|建议人/,
  ],
  ["addressee", /(?:发|送|寄|回|复)给(?:谁|哪)|给谁的|主送|收件(?:单位|人|方)|致(?:谁|哪)|答复对象|回复对象/],
  [
    "date",
    new RegExp(`(?:哪天|哪一天|哪日|什么时候|何时|几月几[日号]|哪年哪月)${ISSUED}|${ISSUED}的?(?:日期|时间)|落款日期`),
  ],
  [
    "issuer",
    new RegExp(
      `(?:哪个|哪家|什么|哪一?级)(?:部门|单位|机关|机构|部委|局)${ISSUED}|谁${ISSUED}的|发文(?:单位|机关)|落款单位|由谁`,
    ),
  ],
];

/** Words by which a question points at a document of each kind as a whole. */
const KIND_WORDS: Record<DocMeta["kind"], RegExp> = {
  // A reply letter is also pointed at through the proposal or suggestion it answers (那件提案).
  reply_letter: /回函|复函|答复函|答复|回复|这封|那封|该函|这份函|那份函|函|提案|议案/,
  policy_rule: /规程|办法|细则|规定|通知|意见|文件|政策|这份|那份/,
  other: /文件|这份|那份|该文/,
};

/** A question about another document the text mentions (引用的《…》) is not about this one. */
const ABOUT_ANOTHER = /引用|提到的|援引|依据的|根据的|里的.{0,12}(?:办法|规定|规程|条例|意见)/;

/** Which fact of a document the question asks for, if it asks about the document itself. */
export function documentFactAsked(question: string, meta: DocMeta): DocumentFact | undefined {
  const q = normalizeText(question);
  if (ABOUT_ANOTHER.test(q) || !(KIND_WORDS[meta.kind].test(q) || namesDocument(q, meta))) return undefined;
  // 施行, 生效, 截止 and the like are dates in the text (第十八条), not the date of issue.
  if (/施行|生效|实施|有效|到期|截止|失效|废止|申报|公示/.test(q)) return undefined;
  for (const [fact, re] of ASKS) if (re.test(q)) return fact;
  return undefined;
}

/** Whether the question names the document by its own 文号 or proposal number ("提案20210384的提案人"). */
function namesDocument(question: string, meta: DocMeta): boolean {
  return namedByNumber(meta, findDocNumbers(question), findProposalNumbers(question));
}

/** The value of a fact and where it is written: its last occurrence for the signature, else its first. */
function locate(fact: DocumentFact, meta: DocMeta, text: string): { value: string; start: number } | undefined {
  const find = (value: string | undefined, last: boolean) => {
    if (!value) return undefined;
    const start = last ? text.lastIndexOf(value) : text.indexOf(value);
    return start >= 0 ? { value, start } : undefined;
  };
  switch (fact) {
    case "issuer":
      return find(meta.issuer, true);
    case "date":
      return find(chineseDate(meta.date), true);
    case "addressee":
      return find(meta.addressee, false);
    case "proposer":
      // A reply letter is addressed to whoever made the proposal or suggestion it answers.
      return meta.kind === "reply_letter" ? find(meta.addressee, false) : undefined;
    case "proposalNumber":
      return find(meta.proposalNumber && `第${meta.proposalNumber}号`, false);
    case "proposal": {
      // The opening sentence names it with its title; the letter's own title only by number.
      const head = text.slice(0, HEAD_CHARS);
      return meta.proposalNumber ? (matchIn(head, TITLED_PROPOSAL) ?? matchIn(head, PROPOSAL_REFERENCE)) : undefined;
    }
    case "proposalTitle":
      return meta.proposalNumber ? matchIn(text.slice(0, HEAD_CHARS), PROPOSAL_TITLE, 1) : undefined;
    case "session":
      return matchIn(text.slice(0, HEAD_CHARS), SESSION);
    case "copiedTo":
      return matchIn(text, COPIED_TO, 1);
    case "disclosure":
      return matchIn(text, DISCLOSURE, 1);
    case "docNumber":
      return find(meta.docNumber, false) ?? find(meta.docNumber?.replace("〔", "[").replace("〕", "]"), false);
  }
}

/** How much of a letter's opening names the proposal it answers (title, addressee, first sentence). */
const HEAD_CHARS = 400;
/** "市政协七届一次会议第20210384号提案《关于……的提案》": the proposal with its meeting, number and title. */
const MEETING =
  "(?:[市省区县]?(?:政协|人大))?(?:[一二三四五六七八九十\\d]+届[一二三四五六七八九十\\d]+次(?:会议|全体会议))?";
const PROPOSAL_REFERENCE = new RegExp(`${MEETING}第\\d+号(?:提案|建议|议案)`);
const TITLED_PROPOSAL = new RegExp(`${MEETING}第\\d+号(?:提案|建议|议案)《[^》]+》`);
const PROPOSAL_TITLE = /第\d+号(?:提案|建议|议案)《([^》]+)》/;
const SESSION = /[一二三四五六七八九十\d]+届[一二三四五六七八九十\d]+次(?:会议|全体会议|全会)/;
/** The 公开方式 (or 公开属性) line's value: 主动公开, 依申请公开, 不予公开. */
const DISCLOSURE = /公开(?:方式|属性)[:：]\s*([^\s，。,]+)/;
/** The 抄送 line's list of recipients, up to the end of the line. */
const COPIED_TO = /抄送[:：]\s*([^\n]+?)[。.\s]*(?:\n|$)/;

/** A regex's match (or its first group) and where it stands in the text. */
function matchIn(text: string, re: RegExp, group = 0): { value: string; start: number } | undefined {
  const m = re.exec(text);
  if (!m || m[group] === undefined) return undefined;
  return { value: m[group], start: m.index + m[0].indexOf(m[group]) };
}

const FACT_NAMES: Record<DocumentFact, string> = {
  issuer: "发文单位",
  date: "发文日期",
  addressee: "主送单位",
  proposer: "提案（建议）人",
  proposal: "答复对象提案（建议）",
  proposalNumber: "提案（建议）编号",
  proposalTitle: "所答复提案（建议）的标题",
  session: "提案（建议）所属会议",
  copiedTo: "抄送单位",
  disclosure: "公开方式",
  docNumber: "文号",
};

/**
 * The answer to a question about the top passage's document itself, or undefined when the
 * question is not such a question. A fact the document does not state is refused rather than
 * answered from another sentence (a 文号 the letter cites is not the letter's own).
 */
export function answerDocumentFact(
  question: string,
  passages: Passage[],
  document: { text: string; chunks: Chunk[] },
): Answer | undefined {
  const top = passages[0];
  if (!top) return undefined;
  const fact = documentFactAsked(question, top.meta);
  if (!fact) return undefined;
  const found = locate(fact, top.meta, document.text);
  if (!found) return refusal(passages, `该文件的${FACT_NAMES[fact]}`);
  const span = { start: found.start, end: found.start + found.value.length };
  const chunk = document.chunks.find((c) => c.start <= span.start && span.end <= c.end);
  if (!chunk) return undefined;
  const citation = makeCitation(1, { ...top, chunk }, span);
  const date = chineseDate(top.meta.date);
  return {
    answer: `据《${top.meta.title}》${date ? `（${date}）` : ""}，该文件的${FACT_NAMES[fact]}为：${citation.quote}[1]`,
    refused: false,
    citations: [citation],
  };
}
