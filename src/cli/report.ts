/** Console rendering of index reports and answers; pure string building. */
import type { Answer } from "../core/types.js";
import type { IndexReport } from "../index/indexer.js";

export function formatIndexReport(r: IndexReport): string {
  const lines = [
    `索引完成：${r.files} 个文件，${r.documents} 篇文档，${r.chunks} 个片段，用时 ${r.seconds.toFixed(2)} 秒`,
    `  新增 ${r.added}，更新 ${r.changed}，未变 ${r.unchanged}，删除 ${r.removed}${r.reembedded ? "（向量已全部重算）" : ""}`,
    `  向量模型：${r.embeddingId}`,
  ];
  if (r.errors.length) {
    lines.push(`  ${r.errors.length} 个文件未能索引：`);
    for (const e of r.errors) lines.push(`    ✗ ${e.relPath} [${e.code}] ${e.message}`);
  }
  return lines.join("\n");
}

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
