/**
 * Where the chat page shows a source passage. The page opens the document at `doc` with the
 * span [start, end) highlighted; messenger bots link here when a public base URL is configured.
 */
export function sourceLink(publicBaseUrl: string, c: { docId: string; start: number; end: number }): string {
  const base = publicBaseUrl.replace(/\/+$/, "");
  const params = new URLSearchParams({ doc: c.docId, start: String(c.start), end: String(c.end) });
  return `${base}/?${params.toString()}`;
}
