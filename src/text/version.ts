/**
 * One version for everything in text/ that changes what the index holds: normalization,
 * numerals, tokenization, bigrams and the section-path text chunks are indexed under.
 * The index manifest records it, and an index built under another version is rebuilt
 * rather than searched with tokens it was not made with. Bump it with any such change.
 */
export const TEXT_VERSION = "jieba-search-nohmm-4-laws-2-variants";
