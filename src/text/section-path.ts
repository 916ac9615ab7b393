/** Section paths as text: the display form shown in citations and the plain form used for matching. */
import type { Heading } from "../core/types.js";

/** A heading title longer than this is shown by its label only, to keep paths readable. */
const MAX_TITLE_IN_PATH = 24;

/** "三 > （四）加快公共技术服务平台建设", "第三章 申报条件 > 第十二条". */
export function renderSectionPath(path: Heading[]): string {
  return path
    .map((h) => {
      const title = h.title.trim();
      if (!title || title.length > MAX_TITLE_IN_PATH) return h.label;
      if (!h.label) return title;
      return /^第.+[章节条款]$/.test(h.label) ? `${h.label} ${title}` : `${h.label}${title}`;
    })
    .filter(Boolean)
    .join(" > ");
}

/** A section path as plain text for matching (not display: see renderSectionPath). */
export function headingsText(path: Array<{ label: string; title: string }>): string {
  return path.map((h) => `${h.label}${h.title}`).join(" ");
}
