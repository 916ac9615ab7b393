/**
 * Offline rewriting of a follow-up question into a standalone one, from the conversation so far:
 * "那这个计划现在还能申请吗？" after "公共技术服务平台扶持计划给多少支持？" becomes
 * "公共技术服务平台扶持计划现在还能申请吗？". Pure; the LLM rewriter is used instead when configured.
 */

export interface Turn {
  /** The question as the user typed it. */
  question: string;
  /** The question as it was answered (rewritten when it was a follow-up). */
  standalone: string;
}

/** Words that point back at something said before. */
const ANAPHORA =
  /(这个|那个|这项|那项|这一|该|此|上述|前述|其|它|这些|那些|刚才|上面)(计划|政策|规程|办法|文件|项目|措施|方案|平台|基金|通知|规定|条款|资金|补贴|扶持|支持|要求|条件|标准)?/;
/** Openers of a follow-up that carry no content. */
const LEADING_FILLER = /^(那么?|那|还有|另外|再问一下|请问|那请问|就是说|所以|好的?[，,]?)\s*/;
/** Where a question's topic ends and what it asks begins. */
const ASKING =
  /(给|有|是|能|可以|可|会|要|需要|应|的)?(多少|几|什么|哪些|哪个|哪里|哪|如何|怎么|怎样|是否|是不是|能否|有没有|吗|呢|？|\?)/;

/** What a question asks about its topic ("最高补助", "申报条件"), not the topic itself. */
const TRAILING_ATTRIBUTE =
  /的?(最高|最多|最低|具体)?(补助|补贴|支持|扶持|资助|奖励|金额|标准|比例|条件|期限|时间|额度|上限|数量|总数|有效期|要求)$/;

/** The topic of a standalone question: the part before what it asks, without the attribute asked. */
export function topicOf(question: string): string {
  const q = question.replace(LEADING_FILLER, "").trim();
  const m = ASKING.exec(q);
  let topic = (m ? q.slice(0, m.index) : q).replace(/[，,。；;：:\s]+$/, "");
  const stripped = topic.replace(TRAILING_ATTRIBUTE, "");
  if (stripped.length >= 4) topic = stripped;
  return topic.length >= 2 ? topic : q.replace(/[？?。！!]+$/, "");
}

/** Whether a question leans on what came before: it points back, or says too little by itself. */
export function isFollowUp(question: string): boolean {
  const q = question.replace(LEADING_FILLER, "");
  if (ANAPHORA.test(q)) return true;
  const content = q
    .replace(/[？?。！!，,\s]/g, "")
    .replace(/(现在|目前|还|能|可以|吗|呢|么|怎么|如何|多少|什么|哪些|是否)/g, "");
  return content.length <= 3;
}

export function rewriteFollowUp(question: string, history: Turn[]): string {
  const previous = history.at(-1);
  const trimmed = question.trim();
  if (!previous || !isFollowUp(trimmed)) return trimmed;
  const topic = topicOf(previous.standalone);
  const body = trimmed.replace(LEADING_FILLER, "");
  if (ANAPHORA.test(body)) return body.replace(ANAPHORA, topic);
  return `${topic}${body}`;
}
