/** Document filters; pure. An unmatched filter yields an empty set, never "everything". */
import type { DocMeta, SearchFilters } from "../core/types.js";

export function hasFilters(filters: SearchFilters | undefined): filters is SearchFilters {
  return Boolean(filters && (filters.kind || filters.issuer || filters.year));
}

export function matchesFilters(meta: DocMeta, filters: SearchFilters): boolean {
  if (filters.kind && meta.kind !== filters.kind) return false;
  if (filters.issuer && !(meta.issuer ?? "").includes(filters.issuer.trim())) return false;
  if (filters.year && !(meta.date ?? "").startsWith(`${filters.year}-`)) return false;
  return true;
}
