/**
 * Closing matter of a letter or notice: thanks, 专此答复, signature, date, 公开方式, 抄送.
 * It must not be filed under the last numbered heading (e.g. 三（六）).
 */
import { standaloneDate } from "./dates.js";

const CLOSING_START =
  /^(再次感谢|再次衷心感谢|衷心感谢|感谢贵|感谢您|专此答复|专此函复|特此函复|特此答复|特此函告|特此通知|特此公告|此复)/;
const CLOSING_FIELD = /^(公开方式|抄送|抄报|联系人|联系电话|附件)\s*[：:]/;
const ORG_LINE = /^[\u4e00-\u9fa5（）()]{2,40}(局|委|厅|办|府|会|部|院|室|中心)$/;

/** Whether trimmed `line` is closing matter; `next` is the following non-empty trimmed line. */
export function isClosingLine(line: string, next: string | undefined): boolean {
  if (CLOSING_START.test(line) || CLOSING_FIELD.test(line)) return true;
  if (standaloneDate(line)) return true;
  // A signature: an organisation name alone on its line, right above the date.
  return ORG_LINE.test(line) && next !== undefined && standaloneDate(next) !== undefined;
}
