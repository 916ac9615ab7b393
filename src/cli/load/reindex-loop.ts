/**
 * Re-indexing in a loop through the API, as staff uploading documents would cause it: the same
 * file is uploaded again and again with new content (a changed file, an incremental re-index),
 * each upload waiting for its 201 and index report, until told to stop.
 */
import type { Span } from "./stats.js";

export interface Reindex extends Span {
  status: number;
  /** The build's own time from the index report (seconds), when the upload succeeded. */
  buildSeconds?: number;
}

/** A reply-letter-like text that differs in every round, so each upload changes the corpus. */
export function reindexDocument(round: number): string {
  const lines = [`关于第${round}轮负载测试的答复函`, "", "一、基本情况"];
  for (let i = 1; i <= 30; i++) {
    lines.push(
      `（${i}）第${round}轮第${i}项：市工业和信息化局对中小企业数字化转型给予扶持，单个项目最高不超过${i * 10}万元。`,
    );
  }
  return lines.join("\n");
}

export async function upload(url: string, name: string, text: string): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/plain" }), name);
  return fetch(`${url}/api/documents`, { method: "POST", body: form });
}

/** Uploads to `url` one after another until `stop` is aborted; returns every upload's span and outcome. */
export async function reindexLoop(url: string, stop: AbortSignal, name = "load-reindex.txt"): Promise<Reindex[]> {
  const done: Reindex[] = [];
  for (let round = 1; !stop.aborted; round++) {
    const start = performance.now();
    const outcome = await upload(url, name, reindexDocument(round)).then(
      async (res) => ({ status: res.status, body: (await res.json()) as { report?: { seconds?: number } } }),
      () => ({ status: 0, body: {} as { report?: { seconds?: number } } }),
    );
    done.push({ start, end: performance.now(), status: outcome.status, buildSeconds: outcome.body.report?.seconds });
  }
  return done;
}
