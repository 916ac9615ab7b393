import { loadFile } from "./src/ingest/load-file.js";
import { chunkDocument } from "./src/ingest/chunk.js";
import { listCorpusFiles } from "./src/ingest/list-files.js";
for (const f of await listCorpusFiles("corpus")) {
  const { doc } = await loadFile(f.absPath, f.relPath);
  console.log(f.relPath, JSON.stringify(doc.meta, null, 1));
  const p = (path: any[]) => path.map((h) => `${h.level}:${h.label}${h.title ? "「" + h.title + "」" : ""}`).join(" > ");
  for (const s of doc.sections) console.log("S", s.start, s.end, p(s.path), JSON.stringify(doc.text.slice(s.start, s.start + 25)));
  for (const c of chunkDocument(doc)) console.log("C", c.ordinal, c.end - c.start, p(c.sectionPath), JSON.stringify(c.text.slice(0, 30)), "…", JSON.stringify(c.text.slice(-12)));
}
