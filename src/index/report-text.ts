/** The index report as the console shows it (service start-up and `npm run index`); pure. */
import type { IndexReport } from "./indexer.js";

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
  if (r.warnings.length) {
    lines.push(
      `  ${r.warnings.length} 个文件含有疑似对问答助手下达指令的文字（已索引，这些片段不会作为答案引用，也不会提供给大模型）：`,
    );
    for (const w of r.warnings) lines.push(`    ⚠ ${w.relPath}（${w.chunkIds.length} 个片段，如“${w.phrase}”）`);
  }
  return lines.join("\n");
}
