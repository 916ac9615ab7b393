/**
 * Identifiers a question may name exactly: a document number (文号, e.g. 深工信规〔2019〕3号)
 * or a proposal / suggestion number (第20210384号). Pure functions over normalized text.
 */
import { normalizeText } from "../text/normalize.js";

/** Issuer abbreviation, 〔year〕, serial number, 号: the shape of a 文号 after normalization. */
const DOC_NUMBER = /([\p{Script=Han}]{1,12})〔((?:19|20)\d{2})〕(\d{1,4})号/gu;
/** Proposal and suggestion numbers are 8 digits starting with the year. */
const PROPOSAL_NUMBER = /(?:第\s*)?((?:19|20)\d{6})(?:\s*号)?/g;

/** Normalized document numbers in a text (brackets unified, width folded). */
export function findDocNumbers(text: string): string[] {
  const normalized = normalizeText(text);
  return [...new Set([...normalized.matchAll(DOC_NUMBER)].map((m) => `${m[1]}〔${m[2]}〕${m[3]}号`))];
}

export function findProposalNumbers(text: string): string[] {
  const normalized = normalizeText(text);
  return [...new Set([...normalized.matchAll(PROPOSAL_NUMBER)].map((m) => m[1]))];
}

/** True when `candidate` (a document's own number) names the same document as `wanted`. */
export function sameDocNumber(candidate: string | undefined, wanted: string): boolean {
  if (!candidate) return false;
  const a = normalizeText(candidate);
  // The question may give only the tail ("〔2019〕3号") or the full issuer abbreviation.
  return a === wanted || a.endsWith(wanted) || wanted.endsWith(a);
}

/** Whether a document's own 文号 or proposal number is among those a text names. */
export function namedByNumber(
  meta: { docNumber?: string; proposalNumber?: string },
  docNumbers: readonly string[],
  proposals: readonly string[],
): boolean {
  return (
    docNumbers.some((n) => sameDocNumber(meta.docNumber, n)) ||
    (meta.proposalNumber !== undefined && proposals.includes(meta.proposalNumber))
  );
}
