/**
 * Prompt templates for the LLM answerer. They live in prompts/ so wording can be tuned
 * without touching code; they are loaded once at start-up and checked so that a missing
 * file or placeholder fails then, not on the first question.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../core/errors.js";
import type { Passage } from "../core/types.js";
import { renderSectionPath } from "../text/section-path.js";
import { chineseDate } from "./citations.js";

export interface AnswerPrompts {
  /** System message, used as written. */
  system: string;
  /** User message template with {question} and {passages} placeholders. */
  user: string;
}

export const PROMPT_FILES = { system: "answer.system.md", user: "answer.user.md" } as const;
const USER_PLACEHOLDERS = ["question", "passages"] as const;
const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;

/** A prompt file that is missing, empty or lacks a placeholder; the message names the file. */
export class PromptError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("PROMPT_INVALID", message, options);
  }
}

/** The project's prompts/ directory, independent of the working directory. */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

/** Load and validate the answer prompts; throws PromptError naming the file at fault. */
export async function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Promise<AnswerPrompts> {
  const read = async (file: string) => {
    const path = join(dir, file);
    try {
      return await readFile(path, "utf8");
    } catch (err) {
      throw new PromptError(`Prompt file missing or unreadable: ${path}`, { cause: err });
    }
  };
  const prompts = { system: await read(PROMPT_FILES.system), user: await read(PROMPT_FILES.user) };
  validatePrompts(prompts, dir);
  return prompts;
}

/** Pure check of loaded templates: required placeholders present, no unknown ones, no empty file. */
export function validatePrompts(prompts: AnswerPrompts, dir = "prompts"): void {
  if (!prompts.system.trim()) throw new PromptError(`Prompt file is empty: ${join(dir, PROMPT_FILES.system)}`);
  const systemPlaceholders = [...prompts.system.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (systemPlaceholders.length) {
    // The system prompt is sent verbatim; a placeholder there would reach the model unfilled.
    throw new PromptError(
      `${join(dir, PROMPT_FILES.system)} must not contain placeholders, found {${systemPlaceholders.join("}, {")}}`,
    );
  }
  const used = new Set([...prompts.user.matchAll(PLACEHOLDER)].map((m) => m[1]));
  for (const p of USER_PLACEHOLDERS) {
    if (!used.has(p)) throw new PromptError(`${join(dir, PROMPT_FILES.user)} lacks the {${p}} placeholder`);
  }
  const unknown = [...used].filter((p) => !(USER_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length) {
    throw new PromptError(`${join(dir, PROMPT_FILES.user)} has unknown placeholders {${unknown.join("}, {")}}`);
  }
}

/** Header of a passage: 《title》（2021年10月22日，三 > （四）加快公共技术服务平台建设）. */
export function renderPassageHeader(passage: Passage): string {
  const details = [chineseDate(passage.meta.date), renderSectionPath(passage.chunk.sectionPath)].filter(
    (s): s is string => Boolean(s),
  );
  return `《${passage.meta.title}》${details.length ? `（${details.join("，")}）` : ""}`;
}

/** Passages numbered from 1 in retrieval order; the numbers are what the model cites. */
export function renderPassages(passages: Passage[]): string {
  return passages.map((p, i) => `[${i + 1}] ${renderPassageHeader(p)}\n${p.chunk.text.trim()}`).join("\n\n");
}

/** Fill the user template in one pass, so text inside the question is never substituted again. */
export function renderUserPrompt(prompts: AnswerPrompts, question: string, passages: Passage[]): string {
  const values: Record<string, string> = { question: question.trim(), passages: renderPassages(passages) };
  return prompts.user.replace(PLACEHOLDER, (m, name: string) => values[name] ?? m);
}
