/**
 * Reading the thesaurus: the built-in domain file shipped beside the code, plus optional files
 * the staff maintain. Kept apart from thesaurus.ts so that parsing and expansion stay pure.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { decodeText } from "../ingest/decode.js";
import { EMPTY_THESAURUS, mergeThesauri, parseThesaurus, type Thesaurus, type ThesaurusError } from "./thesaurus.js";

/** The built-in thesaurus, resolved from this module so it is found from any working directory. */
export const DOMAIN_THESAURUS_FILE = fileURLToPath(new URL("./thesaurus/domain.txt", import.meta.url));

const LoadOptionsSchema = z
  .object({
    /** Staff synonym files in the same format; they add to the built-in groups. */
    extraFiles: z.array(z.string().trim().min(1)).optional(),
  })
  .strict();

export type LoadThesaurusOptions = z.input<typeof LoadOptionsSchema>;

/**
 * Load the built-in thesaurus and the staff files. A missing staff file is not an error (the
 * setting may name a file nobody has written yet); an unreadable one is reported with line 0.
 * Bad lines are reported and skipped. Only a missing built-in file throws: that is a broken
 * installation, not a staff mistake.
 */
export async function loadThesaurus(
  options: LoadThesaurusOptions = {},
): Promise<{ thesaurus: Thesaurus; errors: ThesaurusError[] }> {
  const { extraFiles = [] } = LoadOptionsSchema.parse(options);
  const builtIn = parseThesaurus(await readFile(DOMAIN_THESAURUS_FILE, "utf8"), DOMAIN_THESAURUS_FILE);
  const parts: Thesaurus[] = [builtIn.thesaurus];
  const errors: ThesaurusError[] = [...builtIn.errors];
  for (const file of extraFiles) {
    const text = await readStaffFile(file, errors);
    if (text === undefined) continue;
    const parsed = parseThesaurus(text, file);
    parts.push(parsed.thesaurus);
    errors.push(...parsed.errors);
  }
  return { thesaurus: parts.length > 1 ? mergeThesauri(...parts) : (parts[0] ?? EMPTY_THESAURUS), errors };
}

async function readStaffFile(file: string, errors: ThesaurusError[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    errors.push({ source: file, line: 0, message: `无法读取同义词文件：${(err as Error).message}` });
    return undefined;
  }
  // Staff edit these files in Notepad or WPS, which may save GBK or UTF-16; decode like documents.
  if (bytes.length === 0) return "";
  try {
    return decodeText(bytes, file);
  } catch (err) {
    errors.push({ source: file, line: 0, message: `同义词文件不是文本文件，已跳过：${(err as Error).message}` });
    return undefined;
  }
}
