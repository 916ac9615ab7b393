// @ts-check
// The chat page. Plain ES module, no dependencies, no external requests. Answer text is always
// rendered with textContent / text nodes, never as HTML.

const $ = (sel) => /** @type {HTMLElement} */ (document.querySelector(sel));
const KIND_NAMES = { reply_letter: "答复函", policy_rule: "政策规程", other: "其他" };
const STATUS_WORDS = /已到期|废止|已过有效期|已失效|不再有效/;
const TOKEN_KEY = "gxj-api-token";

/** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node|string)[]} [children] */
function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// Icons are inline SVG drawn with currentColor: no emoji or symbol font is needed (Debian's
// chromium and many office PCs have none and would show empty boxes). They are decorative; the
// element around them carries the text or the aria-label.
const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  up: "M3 10h4v11H3zM7 10l4-7a2 2 0 0 1 3 1.7V9h5a2 2 0 0 1 2 2.3l-1.4 7.7a2 2 0 0 1-2 1.7H7",
  down: "M21 14h-4V3h4zM17 14l-4 7a2 2 0 0 1-3-1.7V15H5a2 2 0 0 1-2-2.3l1.4-7.7a2 2 0 0 1 2-1.7H17",
  warning: "M12 3 2 20.5h20zM12 9.5v5M12 17.5v.01",
};

/** @param {keyof typeof ICONS} name */
function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", `icon icon-${name}`);
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

function newId() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return "c-" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// ── API access with the optional token ──────────────────────────────────────────────────────
let token = localStorage.getItem(TOKEN_KEY) || "";

function askForToken(message) {
  const dialog = /** @type {HTMLDialogElement} */ ($("#token-dialog"));
  $("#token-error").textContent = message || "";
  return new Promise((resolve) => {
    const form = $("#token-form");
    const onSubmit = () => {
      form.removeEventListener("submit", onSubmit);
      token = /** @type {HTMLInputElement} */ ($("#token-input")).value.trim();
      localStorage.setItem(TOKEN_KEY, token);
      resolve(undefined);
    };
    form.addEventListener("submit", onSubmit);
    if (!dialog.open) dialog.showModal();
  });
}

/** fetch with the token; on 401 asks for a token once and retries. */
async function api(path, init = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(init.headers || {});
    if (token) headers.set("authorization", `Bearer ${token}`);
    const res = await fetch(path, { ...init, headers });
    if (res.status !== 401 || attempt > 2) return res;
    const body = await res.json().catch(() => ({}));
    await askForToken(body?.error?.message);
  }
}

async function errorMessage(res) {
  const body = await res.json().catch(() => undefined);
  return body?.error?.message || `请求失败（${res.status}）`;
}

// ── Views ───────────────────────────────────────────────────────────────────────────────────
function show(view) {
  for (const v of ["chat", "docs", "doc"]) $(`#view-${v}`).hidden = v !== view;
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.getAttribute("data-view") === view);
  if (view === "docs") loadDocuments();
}
for (const t of document.querySelectorAll(".tab"))
  t.addEventListener("click", () => {
    history.pushState(null, "", "/");
    show(t.getAttribute("data-view"));
  });

// ── Chat ────────────────────────────────────────────────────────────────────────────────────
let conversationId = newId();
const messages = $("#messages");
const questionBox = /** @type {HTMLTextAreaElement} */ ($("#question"));
let busy = false;

$("#new-chat").addEventListener("click", () => {
  conversationId = newId();
  for (const m of [...messages.querySelectorAll(".msg")]) m.remove();
  $("#empty").hidden = false;
  closePanel();
  show("chat");
  questionBox.focus();
});

for (const b of document.querySelectorAll(".example"))
  b.addEventListener("click", () => {
    questionBox.value = b.textContent || "";
    submitQuestion();
  });

questionBox.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submitQuestion();
  }
});
$("#ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  submitQuestion();
});

function currentFilters() {
  const kind = /** @type {HTMLSelectElement} */ ($("#filter-kind")).value;
  const year = /** @type {HTMLSelectElement} */ ($("#filter-year")).value;
  const f = {};
  if (kind) f.kind = kind;
  if (year) f.year = Number(year);
  return Object.keys(f).length ? f : undefined;
}

/** Parses a fetch Response of server-sent events, calling onEvent(name, data) per event. */
async function readEvents(res, onEvent) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const dispatch = (block) => {
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) name = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length) onEvent(name, JSON.parse(data.join("\n")));
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let i;
    while ((i = buffer.indexOf("\n\n")) >= 0) {
      dispatch(buffer.slice(0, i));
      buffer = buffer.slice(i + 2);
    }
  }
  if (buffer.trim()) dispatch(buffer);
}

async function submitQuestion() {
  const question = questionBox.value.trim();
  if (!question || busy) return;
  busy = true;
  $("#send").setAttribute("disabled", "");
  questionBox.value = "";
  $("#empty").hidden = true;
  messages.append(el("div", { class: "msg user" }, [question]));
  const box = el("div", { class: "msg bot streaming" });
  const status = el("p", { class: "status" }, ["正在检索……"]);
  const body = el("div", { class: "answer-text" });
  box.append(status, body);
  messages.append(box);
  box.scrollIntoView({ block: "end" });
  let streamed = "";
  try {
    const res = await api("/api/ask", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ question, conversationId, filters: currentFilters() }),
    });
    if (!res.ok) throw new Error(await errorMessage(res));
    let final;
    await readEvents(res, (name, data) => {
      if (name === "sources") status.textContent = `已检索到 ${data.length} 段相关原文，正在作答……`;
      else if (name === "token") {
        streamed += data.text;
        body.textContent = streamed;
        box.scrollIntoView({ block: "end" });
      } else if (name === "final") final = data;
      else if (name === "error") throw new Error(data.message);
    });
    if (!final) throw new Error("回答中断，请重试。");
    renderAnswer(box, question, final);
  } catch (err) {
    box.classList.remove("streaming");
    box.replaceChildren(
      el("div", { class: "error-box" }, [`出错了：${err instanceof Error ? err.message : String(err)}`]),
    );
  } finally {
    busy = false;
    $("#send").removeAttribute("disabled");
    questionBox.focus();
  }
}

/** Text with [n] markers as links to the citation n. */
function linkify(text, citations) {
  const frag = document.createDocumentFragment();
  const re = /\[(\d+)\]/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    frag.append(text.slice(last, m.index));
    const c = citations.find((x) => x.n === Number(m[1]));
    if (c) {
      const a = el("a", { href: "#", class: "cite", title: `${c.title} · ${c.section}` }, [`[${c.n}]`]);
      a.addEventListener("click", (e) => {
        e.preventDefault();
        openSource(c);
      });
      frag.append(a);
    } else frag.append(m[0]);
    last = m.index + m[0].length;
  }
  frag.append(text.slice(last));
  return frag;
}

function sourceLine(c) {
  return `[${c.n}] 《${c.title}》${c.date ? ` ${c.date}` : ""}${c.section ? ` · ${c.section}` : ""}`;
}

function renderSources(list, citations, label) {
  const ol = el("ol", { class: "sources" });
  for (const c of citations) {
    const a = el("a", { href: "#" }, [sourceLine(c)]);
    a.addEventListener("click", (e) => {
      e.preventDefault();
      openSource(c);
    });
    ol.append(el("li", {}, [a, el("q", {}, [c.quote])]));
  }
  list.append(el("p", { class: "sources-title" }, [label]), ol);
}

function renderAnswer(box, question, a) {
  box.classList.remove("streaming");
  box.replaceChildren();
  box.classList.toggle("refused", a.refused);
  if (a.refused) {
    box.append(el("p", { class: "refusal-title with-icon" }, [icon("warning"), "知识库中未找到"]));
  } else if (STATUS_WORDS.test(a.answer)) {
    box.append(el("span", { class: "badge expired with-icon" }, [icon("warning"), "政策已到期或废止，请核对"]));
  }
  const text = el("div", { class: "answer-text" });
  for (const line of a.answer.split("\n").filter((l) => l.trim()))
    text.append(el("p", {}, [linkify(line, a.citations)]));
  box.append(text);
  if (a.citations.length) renderSources(box, a.citations, "来源");
  if (a.refused && a.nearest?.length) renderSources(box, a.nearest, "最接近的原文（仅供参考，不能作为答案）");

  const actions = el("div", { class: "actions" });
  const copy = el("button", { type: "button", class: "ghost" }, ["复制回答和来源"]);
  copy.addEventListener("click", async () => {
    await copyText(answerAsText(a));
    copy.textContent = "已复制";
    setTimeout(() => (copy.textContent = "复制回答和来源"), 1500);
  });
  const up = el("button", { type: "button", class: "ghost icon-button", title: "有帮助", "aria-label": "有帮助" }, [
    icon("up"),
  ]);
  const down = el("button", { type: "button", class: "ghost icon-button", title: "没帮助", "aria-label": "没帮助" }, [
    icon("down"),
  ]);
  actions.append(copy, up, down);
  box.append(actions);
  const feedbackForm = (rating) => {
    actions.querySelector(".feedback")?.remove();
    const input = el("input", { type: "text", maxlength: "2000", placeholder: "补充意见（可选）" });
    const send = el("button", { type: "button" }, ["提交反馈"]);
    const form = el("div", { class: "feedback" }, [input, send]);
    send.addEventListener("click", async () => {
      const comment = /** @type {HTMLInputElement} */ (input).value.trim();
      const res = await api("/api/feedback", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          question,
          answer: a.answer,
          citations: a.citations,
          rating,
          ...(comment ? { comment } : {}),
          conversationId: a.conversationId,
          standaloneQuestion: a.standaloneQuestion,
        }),
      });
      form.replaceChildren(res.ok ? "感谢反馈！" : `反馈未保存：${await errorMessage(res)}`);
    });
    actions.append(form);
    /** @type {HTMLInputElement} */ (input).focus();
  };
  up.addEventListener("click", () => feedbackForm("up"));
  down.addEventListener("click", () => feedbackForm("down"));
}

function answerAsText(a) {
  const lines = [a.answer.trim()];
  const cites = a.citations.length ? a.citations : a.nearest || [];
  if (cites.length) {
    lines.push("", a.citations.length ? "来源：" : "最接近的原文：");
    for (const c of cites) lines.push(sourceLine(c), `    “${c.quote}”（字符 ${c.start}–${c.end}）`);
  }
  return lines.join("\n");
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Plain http on an intranet host has no clipboard API.
    const t = el("textarea", {}, [text]);
    document.body.append(t);
    /** @type {HTMLTextAreaElement} */ (t).select();
    document.execCommand("copy");
    t.remove();
  }
}

// ── Source panel and whole documents ────────────────────────────────────────────────────────
const docCache = new Map();
async function getDocument(docId) {
  if (!docCache.has(docId)) {
    const res = await api(`/api/documents/${encodeURIComponent(docId)}`);
    if (!res.ok) throw new Error(await errorMessage(res));
    docCache.set(docId, await res.json());
  }
  return docCache.get(docId);
}

function closePanel() {
  $("#source-panel").hidden = true;
  document.body.classList.remove("with-panel");
}
$("#panel-close").addEventListener("click", closePanel);
document.addEventListener("keydown", (e) => e.key === "Escape" && closePanel());

/** The text before, inside and after [start, end), bounded by the section around it. */
function highlighted(doc, start, end, context) {
  const section = doc.sections.find((s) => s.start <= start && end <= s.end);
  const from = Math.max(section ? section.start : 0, start - context);
  const to = Math.min(section ? section.end : doc.text.length, end + context);
  const frag = document.createDocumentFragment();
  frag.append(
    (from > 0 ? "……" : "") + doc.text.slice(from, start),
    el("mark", {}, [doc.text.slice(start, end)]),
    doc.text.slice(end, to) + (to < doc.text.length ? "……" : ""),
  );
  return frag;
}

async function openSource(c) {
  const panel = $("#source-panel");
  panel.hidden = false;
  document.body.classList.add("with-panel");
  $("#src-title").textContent = c.title;
  $("#src-date").textContent = c.date || "—";
  $("#src-section").textContent = c.section || "—";
  $("#src-number").textContent = "…";
  const passage = $("#src-passage");
  passage.replaceChildren(el("mark", {}, [c.quote]));
  const link = /** @type {HTMLAnchorElement} */ ($("#src-open"));
  link.href = `/?${new URLSearchParams({ doc: c.docId, start: String(c.start), end: String(c.end) })}`;
  try {
    const doc = await getDocument(c.docId);
    $("#src-number").textContent = doc.meta.docNumber || "—";
    passage.replaceChildren(highlighted(doc, c.start, c.end, 160));
  } catch (err) {
    $("#src-number").textContent = "—";
  }
}
$("#src-open").addEventListener("click", (e) => {
  e.preventDefault();
  const href = /** @type {HTMLAnchorElement} */ (e.currentTarget).href;
  history.pushState(null, "", href);
  closePanel();
  route();
});

async function openDocument(docId, start, end) {
  show("doc");
  $("#doc-title").textContent = "正在加载……";
  $("#doc-meta").textContent = "";
  const box = $("#doc-text");
  box.replaceChildren();
  try {
    const doc = await getDocument(docId);
    const m = doc.meta;
    $("#doc-title").textContent = m.title;
    $("#doc-meta").textContent = [
      KIND_NAMES[m.kind],
      m.issuer,
      m.date,
      m.docNumber,
      m.validityText,
      m.repealed ? "已废止" : "",
    ]
      .filter(Boolean)
      .join(" · ");
    if (Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= doc.text.length) {
      const mark = el("mark", { id: "doc-mark" }, [doc.text.slice(start, end)]);
      box.append(doc.text.slice(0, start), mark, doc.text.slice(end));
      mark.scrollIntoView({ block: "center" });
    } else box.textContent = doc.text;
  } catch (err) {
    $("#doc-title").textContent = err instanceof Error ? err.message : String(err);
  }
}
$("#doc-back").addEventListener("click", () => {
  if (history.length > 1) history.back();
  else {
    history.pushState(null, "", "/");
    show("chat");
  }
});

// ── Documents view ──────────────────────────────────────────────────────────────────────────
async function loadDocuments() {
  const res = await api("/api/documents");
  if (!res.ok) {
    $("#index-status").textContent = await errorMessage(res);
    return;
  }
  const { documents, status } = await res.json();
  fillYears(documents);
  const built = status.builtAt ? new Date(status.builtAt).toLocaleString("zh-CN") : "—";
  $("#index-status").textContent =
    `${status.building ? "正在更新索引……" : "索引就绪"} · 共 ${documents.length} 个文档 · 建立于 ${built}`;
  const errors = $("#index-errors");
  errors.replaceChildren(...status.errors.map((e) => el("li", {}, [`${e.relPath}：${e.message}`])));
  const tbody = $("#doc-table tbody");
  tbody.replaceChildren();
  for (const d of documents) {
    const open = el("a", { href: `/?${new URLSearchParams({ doc: d.docId })}` }, [d.title]);
    open.addEventListener("click", (e) => {
      e.preventDefault();
      history.pushState(null, "", open.getAttribute("href"));
      route();
    });
    const del = el("button", { type: "button", class: "ghost danger" }, ["删除"]);
    del.addEventListener("click", async () => {
      if (!confirm(`确定删除“${d.title}”？文件将从语料目录中删除并重建索引。`)) return;
      del.setAttribute("disabled", "");
      const r = await api(`/api/documents/${encodeURIComponent(d.docId)}`, { method: "DELETE" });
      docCache.delete(d.docId);
      if (!r.ok) alert(await errorMessage(r));
      loadDocuments();
    });
    const kind = d.law ? d.law.levelName : KIND_NAMES[d.kind] || d.kind;
    tbody.append(
      el("tr", {}, [
        el("td", {}, [open, d.repealed ? el("span", { class: "badge expired" }, ["已废止"]) : "", lawVersions(d)]),
        el("td", {}, [kind]),
        el("td", {}, [d.issuer || ""]),
        el("td", {}, [d.date || ""]),
        el("td", {}, [d.docNumber || ""]),
        el("td", {}, [String(d.chunks)]),
        el("td", { class: "path" }, [d.relPath]),
        el("td", {}, [del]),
      ]),
    );
  }
}

/** A law listed once: links to each of its dated versions, the one in force marked. */
function lawVersions(d) {
  if (!d.law || d.law.versions.length < 2) return "";
  const links = d.law.versions.map((v) => {
    const label = `${v.date || "未注明日期"}${v.current ? "（现行）" : ""}`;
    return el("a", { href: `/?${new URLSearchParams({ doc: v.docId })}`, class: "version" }, [label]);
  });
  const list = [];
  links.forEach((a, i) => list.push(...(i ? ["、", a] : [a])));
  return el("div", { class: "versions" }, ["版本：", ...list]);
}

let yearsFilled = false;
function fillYears(documents) {
  if (yearsFilled) return;
  const years = [...new Set(documents.map((d) => d.date?.slice(0, 4)).filter(Boolean))].sort().reverse();
  const select = $("#filter-year");
  for (const y of years) select.append(el("option", { value: y }, [`${y}年`]));
  yearsFilled = true;
}

$("#upload-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($("#upload-file"));
  const file = input.files?.[0];
  if (!file) return;
  const progress = /** @type {HTMLProgressElement} */ ($("#upload-progress"));
  const message = $("#upload-message");
  const form = new FormData();
  form.append("file", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/documents");
  if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
  progress.hidden = false;
  progress.value = 0;
  message.textContent = "正在上传……";
  xhr.upload.onprogress = (ev) => {
    if (ev.lengthComputable) progress.value = Math.round((ev.loaded / ev.total) * 100);
    if (ev.loaded === ev.total) message.textContent = "上传完成，正在建立索引……";
  };
  xhr.onload = () => {
    progress.hidden = true;
    let body;
    try {
      body = JSON.parse(xhr.responseText);
    } catch {
      body = {};
    }
    if (xhr.status === 201) {
      message.textContent = `已加入：${body.docId}（${body.report.documents} 个文档，${body.report.chunks} 段）`;
      input.value = "";
      docCache.delete(body.docId);
      loadDocuments();
    } else if (xhr.status === 401) {
      askForToken(body?.error?.message).then(() => (message.textContent = "请重新上传。"));
    } else message.textContent = body?.error?.message || `上传失败（${xhr.status}）`;
  };
  xhr.onerror = () => {
    progress.hidden = true;
    message.textContent = "网络错误，上传失败。";
  };
  xhr.send(form);
});

// ── Routing: /?doc=<docId>&start=<n>&end=<n> opens a document with the span highlighted ──────
function route() {
  const p = new URLSearchParams(location.search);
  const doc = p.get("doc");
  if (doc) openDocument(doc, Number(p.get("start")), Number(p.get("end")));
  else show("chat");
}
window.addEventListener("popstate", route);
route();
// Years for the filter come from the document list.
api("/api/documents")
  .then(async (r) => r.ok && fillYears((await r.json()).documents))
  .catch(() => {});
