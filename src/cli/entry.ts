/**
 * What the command-line entry points share: each exports `main(argv): Promise<number>` (the exit
 * code), runs it only when executed directly, and reports bad input as a UsageError (exit code 2).
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type Config, type ConfigOverrides, loadConfig, loadDotEnv } from "../config.js";
import { AppError } from "../core/errors.js";

/** Bad input on the command line: main() prints the message and returns 2. */
export class UsageError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("USAGE", message, options);
  }
}

export const USAGE_EXIT_CODE = 2;

/** True when the module at `moduleUrl` is the script node was started with, not when it is imported (e.g. by a test). */
export function isEntryPoint(moduleUrl: string, script: string | undefined = process.argv[1]): boolean {
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** node:util parseArgs over argv, its own errors (unknown option, missing value) as a UsageError. */
export function parseCommandLine<T extends Omit<ParseArgsConfig, "args">>(argv: string[], config: T) {
  try {
    return parseArgs({ ...config, args: argv });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_"))
      throw new UsageError(`输入有误：${(err as Error).message}`);
    throw err;
  }
}

/**
 * Parse the command line with `parse`, then run. Bad input (a UsageError) is printed and becomes
 * exit code 2 before anything is loaded; other errors propagate.
 */
export async function runParsed<T>(
  argv: string[],
  parse: (argv: string[]) => T,
  run: (options: T) => Promise<number>,
  printError: (message: string) => void = (m) => console.error(m),
): Promise<number> {
  let options: T;
  try {
    options = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    printError(err.message);
    return USAGE_EXIT_CODE;
  }
  return run(options);
}

/** The configuration of a CLI run: `.env`, then the environment, then the command's own overrides. */
export function cliConfig(overrides: ConfigOverrides = {}): Config {
  loadDotEnv();
  return loadConfig(process.env, overrides);
}
