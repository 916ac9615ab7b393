/**
 * The baseline's chunker: whole sentences (split after 。！？； and line breaks) packed into
 * chunks of at most maxChars characters; a longer sentence is cut at maxChars. Deliberately
 * plain: the baseline is what a team would write in an afternoon. Pure.
 */

const SENTENCE = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n+|$)/g;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SENTENCE)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

export function chunkText(text: string, maxChars = 250): string[] {
  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current) chunks.push(current);
    current = "";
  };
  for (const sentence of splitSentences(text)) {
    if (sentence.length > maxChars) {
      flush();
      for (let i = 0; i < sentence.length; i += maxChars) chunks.push(sentence.slice(i, i + maxChars));
      continue;
    }
    if (current.length + sentence.length > maxChars) flush();
    current += sentence;
  }
  flush();
  return chunks;
}
