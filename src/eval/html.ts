/**
 * The HTML report of an eval run, pure: one self-contained file (inline CSS and JS, charts as
 * inline SVG, no external requests) to open locally or forward by mail.
 */
import { formatDelta, formatMetricValue, lowerIsBetter, type Comparison } from "./baseline.js";
import { fmt, LEVELS, ROWS } from "./report.js";
import type { EvalResult } from "./runner.js";
import type { Metrics, QuestionScore } from "./scoring.js";
import type { Violation } from "./thresholds.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

interface Bar {
  label: string;
  value: number | null;
  /** Shown next to the bar. */
  text?: string;
}

/** Horizontal bars for shares in 0..1 (or any values scaled to `max`). */
export function barChart(bars: Bar[], opts: { max?: number; width?: number; title?: string } = {}): string {
  const width = opts.width ?? 560;
  const labelW = 230;
  const rowH = 22;
  const max = opts.max ?? 1;
  const plotW = width - labelW - 70;
  const h = bars.length * rowH + 8;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 4;
    const v = b.value ?? 0;
    const w = Math.max(0, Math.min(1, max ? v / max : 0)) * plotW;
    const text = b.text ?? (b.value === null ? "—" : `${(v * 100).toFixed(1)}%`);
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(b.label)}</text><rect x="${labelW}" y="${y + 3}" width="${plotW}" height="15" class="track"/><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="15" class="bar"/><text x="${labelW + plotW + 6}" y="${y + 15}">${escapeHtml(text)}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img"${opts.title ? ` aria-label="${escapeHtml(opts.title)}"` : ""}>${rows.join("")}</svg>`;
}

/** Histogram of latencies (ms) in `bins` equal bins from 0 to the maximum. */
export function latencyHistogram(latencies: number[], bins = 20): string {
  const width = 560;
  const height = 180;
  if (!latencies.length) return "<p>无数据</p>";
  const max = Math.max(...latencies, 1);
  const counts = new Array<number>(bins).fill(0);
  for (const l of latencies) counts[Math.min(bins - 1, Math.floor((l / max) * bins))]++;
  const top = Math.max(...counts);
  const plotH = height - 40;
  const bw = (width - 60) / bins;
  const rects = counts.map((c, i) => {
    const h = top ? (c / top) * plotH : 0;
    const x = 40 + i * bw;
    return `<rect class="bar" x="${x.toFixed(1)}" y="${(10 + plotH - h).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${((i * max) / bins).toFixed(0)}–${(((i + 1) * max) / bins).toFixed(0)} ms: ${c}</title></rect>`;
  });
  const axis = `<line x1="40" y1="${10 + plotH}" x2="${width - 20}" y2="${10 + plotH}" class="axis"/><text x="40" y="${height - 12}">0</text><text x="${width - 20}" y="${height - 12}" text-anchor="end">${max.toFixed(0)} ms</text><text x="36" y="20" text-anchor="end">${top}</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="latency histogram">${rects.join("")}${axis}</svg>`;
}

const SHARE_METRICS: Array<keyof Metrics> = [
  "hit1",
  "hit5",
  "mrr",
  "factAccuracy",
  "groundedShare",
  "quoteHoldsFacts",
  "citationPrecision",
  "refusalAccuracy",
  "spanContained",
  "spanCited",
  "spanF1",
  "rougeL",
  "shortAnswers",
  "meanLexicalOverlap",
  "wholeArticle",
  "firstCitationLaw",
  "firstCitationVersion",
];

function label(metric: string): string {
  return ROWS.find((r) => r.metric === metric)?.label ?? metric;
}

function metricBars(m: Metrics): string {
  const bars = SHARE_METRICS.filter((k) => m[k] !== undefined && m[k] !== null).map((k) => ({
    label: label(k),
    value: m[k] as number,
    text: k === "mrr" || k === "spanF1" || k === "rougeL" ? (m[k] as number).toFixed(3) : undefined,
  }));
  return barChart(bars, { title: "metrics" });
}

function modeBars(m: Metrics): string {
  const modes = Object.keys(m.modes ?? {});
  if (!modes.length) return "";
  const parts = LEVELS.map((level) => {
    const bars = modes.flatMap((mode) => {
      const r = m.modes![mode][level.key];
      return [
        { label: `${mode} 命中@1`, value: r.hit1 },
        { label: `${mode} 命中@5`, value: r.hit5 },
        { label: `${mode} MRR@10`, value: r.mrr, text: r.mrr === null ? "—" : r.mrr.toFixed(3) },
      ];
    });
    return `<h3>${escapeHtml(level.label)}</h3>${barChart(bars)}`;
  });
  const table = `<table class="num"><thead><tr><th>模式</th><th>层级</th><th>命中@1</th><th>命中@5</th><th>MRR@10</th><th>检索 p50/p95 ms</th></tr></thead><tbody>${modes
    .flatMap((mode) =>
      LEVELS.map((level, i) => {
        const mm = m.modes![mode];
        const r = mm[level.key];
        const ms =
          i === 0 && mm.searchP50Ms != null ? `${fmt(mm.searchP50Ms, "ms")} / ${fmt(mm.searchP95Ms, "ms")}` : "";
        return `<tr><td>${escapeHtml(mode)}</td><td>${escapeHtml(level.label)}</td><td>${fmt(r.hit1, "pct")}</td><td>${fmt(r.hit5, "pct")}</td><td>${fmt(r.mrr, "num")}</td><td>${ms}</td></tr>`;
      }),
    )
    .join("")}</tbody></table>`;
  return `<section><h2>检索模式对比</h2>${table}${parts.join("")}</section>`;
}

function summaryTable(r: EvalResult): string {
  const cats = Object.keys(r.aggregate.byCategory);
  const cols: Array<[string, Metrics]> = [
    ["全部", r.aggregate.overall],
    ...cats.map((c): [string, Metrics] => [c, r.aggregate.byCategory[c]]),
  ];
  const rows = ROWS.filter((row) =>
    cols.some(
      ([, m]) =>
        m[row.metric] !== undefined && m[row.metric] !== null && !(row.metric === "errors" && m[row.metric] === 0),
    ),
  );
  return `<table class="num"><thead><tr><th>指标</th>${cols.map(([n]) => `<th>${escapeHtml(n)}</th>`).join("")}</tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td>${cols.map(([, m]) => `<td>${fmt(m[row.metric] as number | null | undefined, row.format)}</td>`).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

function categoryBreakdown(r: EvalResult): string {
  const cats = Object.keys(r.aggregate.byCategory);
  const key: Array<keyof Metrics> =
    r.aggregate.overall.spanContained != null
      ? ["hit1", "factAccuracy", "spanContained"]
      : ["hit1", "factAccuracy", "refusalAccuracy"];
  const bars = cats.flatMap((c) =>
    key
      .filter((k) => r.aggregate.byCategory[c][k] !== null && r.aggregate.byCategory[c][k] !== undefined)
      .map((k) => ({
        label: `${c}（${r.aggregate.byCategory[c].questions}）· ${label(k)}`,
        value: r.aggregate.byCategory[c][k] as number,
      })),
  );
  return barChart(bars, { title: "per category" });
}

function questionRow(q: QuestionScore): string {
  const cites = q.citations
    .map(
      (c) =>
        `<div class="cite">[${c.n}] ${escapeHtml(c.docId)}${c.section ? ` · ${escapeHtml(c.section)}` : ""}<br><q>${escapeHtml(c.quote)}</q></div>`,
    )
    .join("");
  const ranks = q.modes
    ? Object.entries(q.modes)
        .map(
          ([m, r]) =>
            `${escapeHtml(m)}: 文档 ${r.document.rank ?? "—"} / 含答案文档 ${r.answerBearing.rank ?? "—"} / 段落 ${r.passage.rank ?? "—"}`,
        )
        .join("<br>")
    : q.retrieval
      ? `段落 ${q.retrieval.rank ?? "—"}`
      : "—";
  const span = q.span
    ? `F1 ${q.span.f1.toFixed(2)} · R-L ${q.span.rougeL.toFixed(2)} · ${q.span.contained ? "含片段" : "不含片段"}${q.span.sentences !== null ? ` · ${q.span.sentences} 句` : ""}`
    : "";
  const missing = q.missingFacts?.length ? `缺：${escapeHtml(q.missingFacts.join("；"))}` : "";
  const judge = q.judge ? `<br>评审 忠实 ${q.judge.faithfulness} 相关 ${q.judge.relevance}` : "";
  const overlap = q.lexicalOverlap != null ? ` · 与金标原文词语重合 ${fmt(q.lexicalOverlap, "pct")}` : "";
  const failed = q.diagnosis !== null;
  return `<tr class="${failed ? "fail" : "pass"}" data-cat="${escapeHtml(q.category)}"><td>${escapeHtml(q.id)}<br><small>${escapeHtml(q.category)}</small></td><td>${escapeHtml(q.question)}<br><small>期望：${escapeHtml(q.expected.join("；") || "拒答")}${overlap}</small></td><td class="answer">${escapeHtml(q.answer)}</td><td>${cites}</td><td><small>${ranks}</small></td><td>${failed ? `<b>✗</b> ${escapeHtml(q.diagnosis!)}` : "✓"}<br><small>${missing}${missing && span ? "<br>" : ""}${span}${judge}</small></td><td class="num">${q.latencyMs.toFixed(0)}</td></tr>`;
}

function comparisonSection(c: Comparison): string {
  const changed = c.metrics.filter((m) => m.delta !== null && Math.abs(m.delta) > 1e-9);
  const rows = changed
    .map((m) => {
      const good = lowerIsBetter(m.metric) ? m.delta! < 0 : m.delta! > 0;
      return `<tr class="${good ? "better" : "worse"}"><td>${escapeHtml(m.metric)}</td><td>${formatMetricValue(m.metric, m.before)}</td><td>${formatMetricValue(m.metric, m.after)}</td><td>${escapeHtml(formatDelta(m))}</td></tr>`;
    })
    .join("");
  const list = (title: string, cls: string, qs: Comparison["worse"]) =>
    `<h3>${title}（${qs.length}）</h3>${qs.length ? `<table><tbody>${qs.map((q) => `<tr class="${cls}"><td>${escapeHtml(q.id)}</td><td>${escapeHtml(q.question)}</td><td>${escapeHtml(q.changes.map((x) => `${x.indicator} ${x.before}→${x.after}`).join("；"))}</td><td><small>${escapeHtml(q.diagnosisAfter ?? "")}</small></td></tr>`).join("")}</tbody></table>` : ""}`;
  return `<section id="baseline"><h2>与基线比较</h2><p>基线：${escapeHtml(c.baseline.set)}（${escapeHtml(c.baseline.startedAt)}）</p>${
    rows
      ? `<table class="num"><thead><tr><th>指标</th><th>基线</th><th>本次</th><th>变化</th></tr></thead><tbody>${rows}</tbody></table>`
      : "<p>指标无变化。</p>"
  }${list("变差", "worse", c.worse)}${list("变好", "better", c.better)}${list("有升有降", "mixed", c.mixed)}</section>`;
}

const CSS = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:24px;color:#1d232a;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #dde;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #dde3ea;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f5f8}table.num td:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
.chart text{font-size:12px;fill:#333}.chart .bar{fill:#3b6fb6}.chart .track{fill:#eef1f5}.chart .axis{stroke:#999}
tr.fail td:nth-child(6){color:#a11}tr.worse td{background:#fdeeee}tr.better td{background:#eefaf0}tr.mixed td{background:#fff8e6}
.answer{white-space:pre-wrap;max-width:380px}.cite{font-size:12px;margin-bottom:4px;max-width:320px}.cite q{color:#555}
.violations{background:#fdeeee;border:1px solid #e4a5a5;padding:8px 12px}.ok{background:#eefaf0;border:1px solid #9c9;padding:8px 12px}
.controls{margin:8px 0;display:flex;gap:16px;align-items:center}.meta{color:#555;font-size:13px}`;

const JS = `(function(){var f=document.getElementById('failOnly'),s=document.getElementById('search'),c=document.getElementById('cat'),n=document.getElementById('shown');
function apply(){var q=(s.value||'').toLowerCase(),k=0;document.querySelectorAll('#questions tbody tr').forEach(function(tr){var show=(!f.checked||tr.classList.contains('fail'))&&(!c.value||tr.getAttribute('data-cat')===c.value)&&(!q||tr.textContent.toLowerCase().indexOf(q)>=0);tr.style.display=show?'':'none';if(show)k++;});n.textContent=k;}
f.addEventListener('change',apply);s.addEventListener('input',apply);c.addEventListener('change',apply);apply();})();`;

export interface HtmlOptions {
  comparison?: Comparison;
  violations?: Violation[];
  /** Whether thresholds were given at all (to say "all met"). */
  thresholdsGiven?: boolean;
}

export function renderHtmlReport(r: EvalResult, opts: HtmlOptions = {}): string {
  const m = r.aggregate.overall;
  const failures = r.questions.filter((q) => q.diagnosis !== null).length;
  const cats = Object.keys(r.aggregate.byCategory);
  const bench = r.benchmark
    ? ` · 基准 ${escapeHtml(r.benchmark.name)}（${r.benchmark.documents} 篇文档${r.benchmark.sample ? `，抽样 ${r.benchmark.sample} 题，种子 ${r.benchmark.seed}` : ""}）`
    : "";
  const gate = opts.violations?.length
    ? `<div class="violations"><b>未达门槛 ${opts.violations.length} 项</b><ul>${opts.violations.map((v) => `<li>${escapeHtml(v.metric)}：${v.actual === null ? "无法计算" : v.actual.toFixed(3)}（门槛 ${escapeHtml(v.flag)} ${v.limit}）</li>`).join("")}</ul></div>`
    : opts.thresholdsGiven
      ? `<div class="ok">全部门槛均已达到。</div>`
      : "";
  const remote =
    r.target && r.target !== "in-process"
      ? `<p class="meta">针对运行中的服务 ${escapeHtml(r.target)}：检索指标只来自回答的引文（服务不公开检索列表）。</p>`
      : "";
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>评测报告 · ${escapeHtml(r.set)}</title><style>${CSS}</style></head><body>
<h1>评测报告 · ${escapeHtml(r.set)}</h1>
<p class="meta">开始于 ${escapeHtml(r.startedAt)} · 回答器 ${escapeHtml(r.answerer)} · 向量 ${escapeHtml(r.embeddingId)} · 今日 ${escapeHtml(r.today)}${bench} · ${m.questions} 题，未通过 ${failures} 题</p>
${remote}${gate}
<section><h2>总览</h2>${summaryTable(r)}<p class="meta">命中@1/@5、MRR@10 为混合检索、段落级；片段指标只计算答案的引文文本（去掉“据《…》…：”前缀、“注意：”行和 [n] 标记），见 eval/README.md。</p>${metricBars(m)}</section>
${modeBars(m)}
<section><h2>分类</h2>${categoryBreakdown(r)}</section>
<section><h2>延迟分布（ask，毫秒）</h2><p class="meta">p50 ${fmt(m.latencyP50Ms, "ms")} · p95 ${fmt(m.latencyP95Ms, "ms")}</p>${latencyHistogram(r.questions.map((q) => q.latencyMs))}</section>
${m.judged ? `<section><h2>LLM 评审（与规则指标分开）</h2><p>评审 ${m.judged} 题：忠实 ${fmt(m.judgeFaithfulness, "num")} / 5，相关 ${fmt(m.judgeRelevance, "num")} / 5</p></section>` : ""}
${opts.comparison ? comparisonSection(opts.comparison) : ""}
<section><h2>逐题</h2><div class="controls"><label><input type="checkbox" id="failOnly"> 只看未通过</label><label>分类 <select id="cat"><option value="">全部</option>${cats.map((c) => `<option>${escapeHtml(c)}</option>`).join("")}</select></label><label>搜索 <input id="search" type="search"></label><span>显示 <b id="shown"></b> 题</span></div>
<table id="questions"><thead><tr><th>编号</th><th>问题</th><th>回答</th><th>引文</th><th>检索名次</th><th>诊断</th><th>ms</th></tr></thead><tbody>
${r.questions.map(questionRow).join("\n")}
</tbody></table></section>
<script>${JS}</script>
</body></html>
`;
}
