/** Console rendering of answers; pure string building. */
import type { Answer } from "../core/types.js";

export function formatAnswer(a: Answer): string {
  const lines = [a.answer, ""];
  const sources = a.refused ? (a.nearest ?? []) : a.citations;
  if (sources.length) lines.push(a.refused ? "最接近的原文（仅供参考）：" : "来源：");
  for (const c of sources) {
    lines.push(`[${c.n}] 《${c.title}》${c.date ? ` ${c.date}` : ""}${c.section ? ` · ${c.section}` : ""}`);
    lines.push(`    “${c.quote}”（字符 ${c.start}–${c.end}）`);
  }
  return lines.join("\n");
}
