/**
 * Text in a document that addresses the assistant instead of the reader: "忽略之前的指令……",
 * "你现在是……", "ignore previous instructions". Passage text is data; such a passage is
 * reported when indexing (a warning, the file is still indexed) and never quoted or given to
 * the chat model as evidence (service/knowledge-base.ts). Pure.
 */

/** Phrases that only make sense as instructions to a language model, on NFKC-folded lower-case text. */
const PATTERNS: RegExp[] = [
  /(?:忽略|无视|忘记|忘掉|跳过)(?:掉)?(?:你)?(?:之前|以上|上述|前面|先前|此前|原有|原来|系统|所有|全部|一切)的?(?:所有|全部|一切)?的?(?:指令|指示|提示词?|要求|规则|设定|约束|限制|说明)/,
  /不要(?:再)?(?:遵守|遵循|理会|听从|执行|管)(?:之前|以上|上述|原来|原有|系统|你的)?的?(?:指令|指示|提示词?|规则|要求|设定|约束)/,
  /你现在(?:是|扮演|的身份|的角色|要扮演|开始扮演|作为)/,
  /你(?:是|将是)一(?:个|名|位)(?:ai|人工智能|助手|语言模型|聊天机器人|大模型|没有限制)/,
  /(?:请|现在)(?:你)?扮演/,
  /(?:假装|假设|想象)你是/,
  /system\s*prompt|系统提示词|越狱模式|developer\s*mode|开发者模式/,
  /ignore\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts|rules)/,
  /disregard\s+(?:all\s+)?(?:the\s+|your\s+)?(?:previous|prior|above)\s+/,
  /you\s+are\s+now\s+/,
  /(?:作为|你是)(?:一个)?(?:ai|人工智能)?(?:助手|语言模型)，?你(?:必须|应该|只能|要)/,
];

interface InjectionFinding {
  /** The matched phrase as written in the (folded) text. */
  phrase: string;
  /** Offset of the phrase in the folded text, close to the original for Chinese. */
  index: number;
}

/** The first phrase of `text` addressing the assistant, or undefined. */
export function detectInjection(text: string): InjectionFinding | undefined {
  const folded = text.normalize("NFKC").toLowerCase();
  let found: InjectionFinding | undefined;
  for (const re of PATTERNS) {
    const m = re.exec(folded);
    if (m && (!found || m.index < found.index)) found = { phrase: m[0], index: m.index };
  }
  return found;
}

/** Whether a passage's text addresses the assistant; such a passage is never used as evidence. */
export function addressesAssistant(text: string): boolean {
  return detectInjection(text) !== undefined;
}

/** A file some of whose chunks address the assistant: indexed, reported, never quoted. */
export interface InjectionWarning {
  relPath: string;
  chunkIds: string[];
  /** The first offending phrase, for the report. */
  phrase: string;
}

/** Warnings for the chunks of an index, one per file, in chunk order. */
export function injectionWarnings(chunks: Array<{ id: string; docId: string; text: string }>): InjectionWarning[] {
  const byFile = new Map<string, InjectionWarning>();
  for (const c of chunks) {
    const finding = detectInjection(c.text);
    if (!finding) continue;
    const w = byFile.get(c.docId);
    if (w) w.chunkIds.push(c.id);
    else byFile.set(c.docId, { relPath: c.docId, chunkIds: [c.id], phrase: finding.phrase });
  }
  return [...byFile.values()];
}
