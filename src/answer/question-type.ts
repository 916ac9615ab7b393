/** What kind of fact a question asks for, from its wording, and whether a sentence holds one; pure. */
import { normalizeText } from "../text/normalize.js";
import { escapeRegExp } from "../text/regexp.js";

/**
 * The kinds of answer a question can ask for. The first four, with duration and distance, are
 * figures: only a sentence holding such a figure answers the question (see `shapeIsStrict`). The
 * others only make a sentence that carries them preferred over one that does not.
 */
export type AnswerShape =
  | "amount"
  | "ratio"
  | "count"
  | "rank"
  | "date"
  | "duration"
  | "distance"
  | "docnumber"
  | "place"
  | "organisation"
  | "person"
  | "status"
  | "yesno"
  | "why"
  | "condition"
  | "basis"
  | "definition"
  | "how"
  | "list"
  | "which"
  | "general";

/** Nouns whose "多少" asks for a sum of money: 经费是多少, 总投资有多少, 补贴多少. */
const MONEY_NOUNS =
  "经费|预算|奖金|投资|投资额|总投资|产值|营收|收入|资金|金额|补贴|补助|奖励|资助|扶持|罚款|费用|成本|贷款|价格|税款|工资|薪酬";

/** First match wins: the order settles questions that fit two kinds ("最多补贴多久" is an amount). */
const PATTERNS: Array<[AnswerShape, RegExp]> = [
  ["docnumber", /文号|发文字号|哪号文/],
  // What a figure is set by (补多少钱看什么来定, 资助额根据什么确定): the basis is asked, not the figure.
  [
    "basis",
    /(?:看|根据|依据|依照|按照|凭|靠)(?:什么|啥)(?:来)?(?:定|确定|决定|核定|计算|算)|由(?:什么|啥)(?:来)?(?:决定|确定|核定)/,
  ],
  // A position in a ranking (排第几, 第几名) is answered by 第4位, not by the count of anything.
  ["rank", /排第几|排名第几|排在第几|第几名|第几位|排名(?:多少|如何|怎样|怎么样|情况)|什么位次|名次/],
  // 多少支 would also catch 多少支持, which asks for an amount.
  // 几个月 and 多少个工作日 ask for a length of time.
  [
    "count",
    /多少(家|个(?!月|工作日|小时|星期)|项|所|名|人|次|批|届|条|件|台|套)|几(家|个(?!月|工作日|小时|星期)|项|所|名|次|批|届|件|台|套)|数量|总数|排名/,
  ],
  [
    "ratio",
    /比例|比率|占比|比重|百分之几|百分比|几成|几倍|多少倍|增幅|涨幅|降幅|增速|增长率|复工率|贴息率|利率|费率|率(?:是|为|有)?多少/,
  ],
  [
    "amount",
    new RegExp(
      `多少(钱|资金|金额|支持|补贴|扶持|奖励|资助|补助)|金额|额度|上限|最高(?!等级|级别|层级|水平|荣誉|奖项|人民法院|人民检察院|法院|检察院|学府|峰)|最多|规模(?:是|有|为|达到?)?(?:多少|多大)|增长了?多少|资助标准|补助标准|扶持标准|支持标准|` +
        `(?:${MONEY_NOUNS})(?:是|有|为|达到?|共计?|一共|总共)?(?:多少|多大)(?![个天年日周次家项名人件台套条批届所位]|工作日|小时|分钟)|(?:补|奖|罚|给|拨|贷)多少(?![个天年日周次家项名人件台套条批届所位]|工作日|小时|分钟)`,
    ),
  ],
  // 多长 asks a length where something has one (明渠有多长, 大约有多长): 公示要多长 and
  // 有效期多长 ask a duration.
  ["distance", /^(?!.*(?:期|时间|时长|年限|工龄|历时|多久)).*(?:有|约|共|总)多长(?!时间)/],
  [
    "duration",
    /多长时间|多久|多少天|几天|多少个?月|几个月|几周|多少周|多少个?工作日|几个工作日|多少年|(?<!哪)几年|多少个?小时|几个?小时|多少分钟|几分钟|多长/,
  ],
  ["distance", /多远|多少公里|几公里|多少千米|多少米|几米|距离多|相距|车程/],
  ["date", /何时|什么时候|哪一?年|哪天|日期|期限|截至|施行|生效|到期|时间/],
  ["person", /哪位|联系人|负责人是|姓名|叫什么名字/],
  [
    "organisation",
    /谁|哪(个|家|些)(单位|部门|机构|部委|组织|企业|公司|学校|医院|银行|协会|处室|科室)|哪家|什么(单位|部门|机构|组织)|主管部门|哪个部(?!分)/,
  ],
  ["place", /哪里|哪儿|在哪|什么地方|何地|何处|哪(个|些|座)(省|市|区|县|镇|街道|城市|地方|地区|国家|省份|城区)/],
  ["status", /出台了?没有|出台了吗|还有效|是否有效|有效吗|到什么阶段|进展到|进展如何|什么进展|废止|失效/],
  ["why", /为什么|为何|为啥|什么原因|原因是|目的是|为了什么|出于什么/],
  // What it takes to qualify (申报要满足什么条件, 达到什么条件才能评上): answered by a sentence that
  // states a requirement, not one about the subject. 提出了什么要求 (directives) and 有利条件 are not.
  [
    "condition",
    /(?:满足|具备|符合|达到)(?:什么|哪些|哪几[个条项类]?|啥)(?:样的)?(?:条件|要求|标准)|(?:什么|哪些|啥)(?:样的)?条件才|(?:申报|申请|认定|评选|入选|享受)\S{0,12}?(?:条件|门槛)(?:是|有)(?:什么|哪些|啥)|(?:申报|申请|认定|评选|入选|享受)\S{0,12}?(?:什么|哪些|啥)(?:样的)?条件/,
  ],
  // What a term means (X的定义, X是什么意思, 什么叫X): answered by the sentence that defines it.
  ["definition", /定义|含义|概念是|是什么意思|指的是什么|是指什么|什么叫|何谓/],
  ["list", /哪些|有哪|包括什么|包括哪|举措|措施|做法/],
  ["which", /哪(个|份|部|一)|什么文件|哪个文件|依据|出处|哪一部分|第几条/],
  ["how", /怎么|如何|怎样|什么方式|什么途径|什么渠道|流程|程序|步骤/],
  ["yesno", /吗[？?]?$|是否|能不能|可不可以|可否|有没有|是不是|要不要|行不行|能否|可以.{0,12}[？?]$/],
];

export function answerShape(question: string): AnswerShape {
  const asksOtherThanFigure = ASKS_HOW_WHY_OR_NAME.test(question) && !ASKS_FIGURE.test(question);
  for (const [shape, re] of PATTERNS) {
    if (!re.test(question)) continue;
    // 加权比重如何制定, 这个数量叫做什么: a figure's noun is the topic; how, why or a name is asked.
    if (asksOtherThanFigure && FIGURE_SHAPES.has(shape)) continue;
    // "几个次中心是哪些地方", "有几家，分别是哪些": the items are asked for, not only their number.
    if (shape === "count" && ASKS_ITEMS.test(question)) return "list";
    return shape;
  }
  return "general";
}
const ASKS_ITEMS = /是哪些|分别是|是哪几|有哪些|包括哪些/;
const ASKS_HOW_WHY_OR_NAME =
  /如何|怎么|怎样|为什么|为何|为啥|叫什么|叫做什么|称为什么|叫作什么|哪些(?:企业|单位|机构|部门|地区|人员|群体|项目|产品|行业)/;
/** Words asking a figure itself: with them, 比例如何 still asks the ratio (比例是多少、如何计算). */
const ASKS_FIGURE = /多少|几|多大|多高|多长|多久|多远|百分之/;
const FIGURE_SHAPES = new Set<AnswerShape>(["count", "ratio", "amount"]);

/**
 * The level of place a question names (哪个区, 哪座城市), if it names one: such a question is
 * answered only by a sentence that names a place of that level, not by one about the right subject
 * that says nowhere where it is.
 */
export function askedPlaceLevel(question: string): string | undefined {
  return /哪(?:个|座|些)(省|市|区|县|镇|街道|城市|国家)/.exec(question)?.[1];
}

/** What a question asks for, and how to tell a sentence that carries it. */
export interface AnswerType {
  shape: AnswerShape;
  /** Only a sentence that carries the asked kind answers the question. */
  strict: boolean;
  carries(sentence: string): boolean;
}

export function answerType(question: string): AnswerType {
  const shape = answerShape(question);
  const level = shape === "place" ? askedPlaceLevel(question) : undefined;
  if (level) return { shape, strict: true, carries: (sentence) => sentenceNamesPlaceOf(level, sentence) };
  if (shape === "definition") return { shape, strict: false, carries: definesTerm(question) };
  const measures = shape === "count" ? askedMeasures(question) : undefined;
  if (measures) return { shape, strict: true, carries: measures };
  return { shape, strict: shapeIsStrict(shape), carries: (sentence) => sentenceCarriesType(shape, sentence) };
}

/**
 * Whether a sentence defines the term a question asks the meaning of: the term, then 是, 是指 or 意为
 * ("敏感个人信息是一旦泄露……的个人信息", "本法所称中小企业，是指……", "齿河盗龙的属名意为……").
 * The term is what stands before 的定义 / 是什么意思 (the last part after 的, 里 or 中), or after
 * 什么叫 / 何谓. A question whose term cannot be read carries nothing.
 */
function definesTerm(question: string): (sentence: string) => boolean {
  const q = normalizeText(question);
  const before = /([\p{Script=Han}A-Za-z0-9]{2,24}?)(?:的)?(?:定义|含义|概念|是什么意思|指的是什么|是指什么)/u.exec(
    q,
  )?.[1];
  const after = /(?:什么叫|何谓)([\p{Script=Han}A-Za-z0-9]{2,12})/u.exec(q)?.[1];
  const term = (before ?? after ?? "")
    .split(/[的里中]/u)
    .filter((p) => p.length >= 2)
    .at(-1);
  if (!term) return () => false;
  const escaped = escapeRegExp(term);
  const defines = new RegExp(`${escaped}[”」"]?[，,]?(?:是指|意为|意思是|是)`);
  return (sentence) => defines.test(normalizeText(sentence));
}

/**
 * Measure words that count the same kind of thing: 多少家 is answered by 28家 or 3所, not by 2次.
 * 个 counts anything (15个平台 answers 认定了多少家), but when the question names what it counts
 * (多少家企业), a 个-figure answers only if that noun follows it: 一个数字化转型项目 counts projects.
 */
const MEASURE_CLASSES = ["家户所", "人名位", "项条件", "次轮", "批", "届", "台套", "支"];

/** Whether a sentence holds a figure counted as a count question asks, when it names a measure word other than 个. */
function askedMeasures(question: string): ((sentence: string) => boolean) | undefined {
  const q = normalizeText(question);
  const m = /(?:多少|几)(家|户|所|人|名|位|项|条|件|次|轮|批|届|台|套|支)([\p{Script=Han}]{0,4})/u.exec(q);
  const kind = m && MEASURE_CLASSES.find((c) => c.includes(m[1]));
  if (!m || !kind) return undefined;
  const same = new RegExp(`\\d+\\s*[${kind}]`);
  const noun = m[2].replace(/[的了呢吗啊呀]+.*$/u, "").slice(0, 2);
  const generic = noun.length === 2 ? new RegExp(`\\d+\\s*个[^，。；]{0,10}${noun}`) : /\d+\s*个/;
  return (sentence) => {
    const s = normalizeText(sentence);
    return same.test(s) || generic.test(s);
  };
}

/** Whether a sentence names a place of the level a question asks for (哪个区 → 南山区). */
export function sentenceNamesPlaceOf(level: string, sentence: string): boolean {
  const s = normalizeText(sentence);
  switch (level) {
    case "省":
      return PROVINCE.test(s);
    case "市":
    case "城市":
      return CITY.test(s);
    case "国家":
      return /中国|美国|日本|韩国|德国|英国|法国|俄罗斯|新加坡|[\p{Script=Han}]{1,4}国(?![家内际企有务])/u.test(s);
    default:
      return new RegExp(`[\\p{Script=Han}]{1,8}(?<![地园社城辖片景小特])${level}(?![域别分间块级])`, "u").test(s);
  }
}

/** Whether a question's shape demands a specific kind of fact in the quoted sentence. */
export function shapeIsStrict(shape: AnswerShape): boolean {
  return (
    shape === "amount" ||
    shape === "ratio" ||
    shape === "count" ||
    shape === "rank" ||
    shape === "date" ||
    shape === "duration" ||
    shape === "distance" ||
    shape === "docnumber" ||
    shape === "condition"
  );
}

const AMOUNT = /\d+(?:\.\d+)?\s*(?:%|万|亿|元)|百分之/;
const RATIO =
  /\d+(?:\.\d+)?\s*(?:%|‰|个百分点|倍|成(?![本员立果为功熟交效]))|百分之|[一二三四五六七八九十]成(?![本员立果为功熟交效])|[双两三四五六七八九十]倍/;
const COUNT = /\d+\s*(?:家|个|项|所|名|人|次|批|届|支|条|件|台|套|位)/;
/** A position in a ranking: 第4位, 第三名, 排名第51, 居全省第一, 位居前列, 首位; not 第12条 or 第3批. */
const RANK =
  /第\d+(?:位|名|(?![\d.条章节款项批届次期号年月日天个级季轮类种部阶]))|第[一二三四五六七八九十]+(?:位|名)?|首位|前列|榜首|前\d+(?:位|名)/;
const DATE = /\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月底|\d+\s*(?:年|个月|天|日|个工作日)(?:内|以内)?/;
/**
 * A length of time: 30个工作日, 3年, 5个月, 7日, 24小时, 半小时. Not a year (2020年), a day of a
 * month (12月31日), a month (3月) or a year of account (同一年度).
 */
const DURATION =
  /(?<![\d.])\d{1,3}(?:\.\d+)?\s*(?:个工作日|工作日|个月|个星期|星期|周|天|小时|个小时|分钟|钟头|(?<!月\d{0,2})日(?!起|前|后|至|止|开始)|年(?![度级底初末份代]|\d{1,2}月))|半(?:个)?(?:小时|钟头|天|个月|年)(?![度])/;
/** A distance or a length (15公里, 500米, 70厘米, 半小时车程); not a speed (250公里每小时). */
const DISTANCE =
  /\d+(?:\.\d+)?\s*(?:公里|千米|km|厘米|毫米|米|英尺|英里|海里|里路)(?!每小时|每时|\/小时|\/时|\/h)|分钟车程|小时车程|车程|半径/iu;
const DOC_NUMBER = /〔\d{4}〕\d+号/;
/** A unit of government or an organisation, named by its kind: 市工信局, 财政部, 九三学社深圳市委会, 申报单位. */
const ORGANISATION =
  /[\p{Script=Han}）)](?:(?<![格布开结大全当])局(?![面势部限])|委员会|委会|委(?![托屈婉])|办公厅|办公室|厅|署|(?<![全内外中东西南北上下底头顶面干细本])部(?![分门署件位])|(?<![成为以核的在])中心(?![引城区地位论思])|协会|学会|学社|商会|联合会|联社|公司|集团|银行|医院|大学|学院|学校|研究院|研究所|实验室|政府|法院|检察院|总队|支队|党派|单位|机构|部门|企业|组织|联盟|基地)|国务院|政府/u;
/** A person, named with a title or a role: 张三同志, 李主任, 联系人：王某. */
const PERSON = /同志|先生|女士|主任|局长|厅长|处长|科长|部长|市长|省长|书记|院士|教授|专家|联系人|负责人/;
/** Provinces and large cities, which a place answer often names without 省 or 市. */
const PLACE_NAMES =
  "北京|上海|天津|重庆|广州|深圳|东莞|惠州|佛山|珠海|中山|江门|肇庆|汕头|汕尾|河源|湛江|武汉|杭州|南京|苏州|宁波|成都|西安|长沙|郑州|青岛|厦门|福州|合肥|济南|沈阳|大连|哈尔滨|长春|昆明|南宁|贵阳|南昌|太原|石家庄|兰州|乌鲁木齐|香港|澳门|广东|广西|湖北|湖南|河北|河南|山东|山西|江苏|浙江|安徽|福建|江西|四川|云南|贵州|陕西|甘肃|青海|海南|辽宁|吉林|黑龙江|内蒙古|宁夏|新疆|西藏|台湾|珠三角|长三角|粤港澳";
const PROVINCE = new RegExp(
  "广东|广西|湖北|湖南|河北|河南|山东|山西|江苏|浙江|安徽|福建|江西|四川|云南|贵州|陕西|甘肃|青海|海南|辽宁|吉林|黑龙江|内蒙古|宁夏|新疆|西藏|台湾|[\\p{Script=Han}]{1,4}(?:省|自治区)",
  "u",
);
const CITY = new RegExp(`${PLACE_NAMES.split("|广东")[0]}|[\\p{Script=Han}]{1,6}(?<![城都])市(?![场民值级政])`, "u");
const PLACE = new RegExp(
  `${PLACE_NAMES}|[\\p{Script=Han}]{1,8}?(?:省|自治区|(?<![城都])市(?![场民值级政])|(?<![地园社城辖片])区(?![域别分间块])|县(?![级域])|镇|乡|街道|特别合作区|新区|都市区|片区)`,
  "u",
);
/** A reason or purpose: 为规范……, 由于……, 旨在……, 目的是……. */
const REASON =
  /因为|由于|为了|旨在|目的是|目的在于|以便|从而|鉴于|原因是|(?:^|[，。；：\s]|第\d+条)为(?![止主准由期此例何])[\p{Script=Han}]{2,}/u;
/** A requirement: what one must be, have or do (应当, 须, 具备, 符合…条件), or what disqualifies (不予, 不得). */
const CONDITION = /条件|要求|资格|应当|应具备|须|必须|具备|具有|符合|满足|达到|不低于|不少于|以上|不予|不得|下列情形/;
/** What something is set by: 作为……的依据, 根据……核定, 以……为准. */
const BASIS = /依据|根据|依照|按照|为准|作为|核定|以[\p{Script=Han}]{1,12}为(?:基础|基数|标准)/u;
/** How something is done: a channel, a step or the one who acts. */
const PROCEDURE =
  /通过|按照|依托|登录|登陆|提交|采取|实行|拨打|扫码|报送|先|然后|之后|方式|途径|渠道|由[\p{Script=Han}]{1,12}(?:负责|组织|审核|受理)/u;
/** An enumeration: items parted by 、 or ；, or counted off with 一是, 二是. */
const LIST = /[^、]{1,20}、[^、]{1,20}、|一是.*二是|；.+；|（[一二三四五六七八九十]）|\d、/;
/** A statement of a rule's or a plan's state. */
const STATE = /已经|已|正在|尚未|还未|未|到期|废止|失效|有效期|施行|生效|出台|印发|完成|启动|编制|开展/;
/** A statement that settles a yes/no question: what may, must or must not be done. */
const RULING = /可以|不得|不予|不能|不可|应当|必须|禁止|允许|免征|免收|无需|不需要|并非|不属于|属于/;

/** Whether a sentence carries the kind of fact a question of the given shape asks for. */
export function sentenceCarriesType(shape: AnswerShape, sentence: string): boolean {
  const s = normalizeText(sentence);
  switch (shape) {
    case "amount":
      return AMOUNT.test(s);
    case "ratio":
      return RATIO.test(s);
    case "count":
      return COUNT.test(s);
    case "rank":
      return RANK.test(s);
    case "date":
      return DATE.test(s) || /有效期|施行|到期/.test(s);
    case "duration":
      return DURATION.test(s) || /有效期/.test(s);
    case "distance":
      return DISTANCE.test(s);
    case "docnumber":
      return DOC_NUMBER.test(s);
    case "organisation":
      return ORGANISATION.test(s) || PERSON.test(s);
    case "person":
      return PERSON.test(s);
    case "place":
      return PLACE.test(s);
    case "why":
      return REASON.test(s);
    case "condition":
      return CONDITION.test(s);
    case "basis":
      return BASIS.test(s);
    case "how":
      return PROCEDURE.test(s);
    case "list":
      return LIST.test(s);
    case "status":
      return STATE.test(s);
    case "yesno":
      return RULING.test(s);
    default:
      return false;
  }
}

/**
 * Figures the question itself names: a year (2021年), an ordinal (第四批, 第12条), a session (七届二次),
 * a 文号's year and number (〔2020〕6号), an amount or a percentage (800万元, 30%). A sentence about
 * another batch, year or amount does not answer the question, however well it matches otherwise:
 * quoting it would put a wrong figure in front of the reader.
 */
export function questionConstraints(question: string): string[] {
  const q = normalizeText(question);
  const found = [
    // Kept with its 年, so "2021年" is not found inside "第20210384号" or "2021-2025年".
    ...q.matchAll(/(?:19|20)\d{2}年/g),
    ...q.matchAll(/第\d+(?:批|届|次|期|条|款|章|节|项|轮|名)/g),
    ...q.matchAll(/\d+届\d+次/g),
    ...q.matchAll(/〔\d{4}〕\d+号/g),
    ...q.matchAll(/\d+(?:\.\d+)?(?:万|亿)?元|\d+(?:\.\d+)?%/g),
  ].map((m) => m[0]);
  return [...new Set(found)];
}

/**
 * The questions of a message that asks more than one ("总共多少家？第三批又进了几家？"): split at a
 * question mark followed by another question. A part too short to stand alone stays with the
 * one before it. At most three parts.
 */
export function splitCompoundQuestion(question: string): string[] {
  const parts = question
    .split(/(?<=[？?])/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const merged: string[] = [];
  for (const p of parts) {
    const han = p.match(/\p{Script=Han}/gu)?.length ?? 0;
    if (merged.length > 0 && (han < 4 || merged.length >= 3)) merged[merged.length - 1] += p;
    else merged.push(p);
  }
  return merged;
}
