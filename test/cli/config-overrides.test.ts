/** Entry points' overrides of the configuration: arguments to the one parser, never changes of the environment. */
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  chatModelConfigured,
  embeddingModelConfigured,
  loadConfig,
  withOverrides,
} from "../../src/config.js";

const remote = {
  OPENAI_API_KEY: "sk-test",
  CHAT_MODEL: "qwen-plus",
  EMBEDDING_MODEL: "bge-m3",
  OPENAI_BASE_URL: "http://h:1/v1",
};

describe("configuration overrides", () => {
  it("offline turns off the chat model and remote embeddings without touching the environment", () => {
    const env = { ...remote, DATA_DIR: "/srv/data" };
    const config = loadConfig(env, { offline: true });
    expect(chatModelConfigured(config)).toBe(false);
    expect(embeddingModelConfigured(config)).toBe(false);
    expect(config.OPENAI_BASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe("/srv/data");
    expect(env).toEqual({ ...remote, DATA_DIR: "/srv/data" });
  });

  it("offline ignores malformed model settings, which otherwise stop the parse", () => {
    const env = { CHAT_MODEL: "qwen-plus", OPENAI_BASE_URL: "not a url" };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(chatModelConfigured(loadConfig(env, { offline: true }))).toBe(false);
  });

  it("directories override the environment; an empty one means the default, as in the environment", () => {
    expect(loadConfig({ DATA_DIR: "/a", CORPUS_DIR: "/c" }, { dataDir: "/b" })).toMatchObject({
      DATA_DIR: "/b",
      CORPUS_DIR: "/c",
    });
    expect(loadConfig({ DATA_DIR: "/a" }, { dataDir: "" }).DATA_DIR).toBe("./data");
  });

  it("withOverrides changes only what it is given and validates again", () => {
    const config = loadConfig({ ...remote, API_TOKENS: "abcdefgh, ijklmnop", PORT: "8080", CHUNK_CHARS: "300" });
    const moved = withOverrides(config, { dataDir: "/tmp/x", corpusDir: "/tmp/c" });
    expect(moved).toEqual({ ...config, DATA_DIR: "/tmp/x", CORPUS_DIR: "/tmp/c" });
    expect(config.DATA_DIR).toBe("./data");
    expect(withOverrides(config, {})).toEqual(config);
    const offline = withOverrides(config, { offline: true });
    expect(chatModelConfigured(offline) || embeddingModelConfigured(offline)).toBe(false);
    expect(offline.API_TOKENS).toEqual(["abcdefgh", "ijklmnop"]);
  });

  it("LOG_QUESTIONS is off by default, true or false from the environment, kept through overrides, refused otherwise", () => {
    expect(loadConfig({}).LOG_QUESTIONS).toBe(false);
    const on = loadConfig({ LOG_QUESTIONS: "true", LOG_LEVEL: "warn" });
    expect(withOverrides(on, { offline: true })).toMatchObject({ LOG_QUESTIONS: true, LOG_LEVEL: "warn" });
    expect(loadConfig({ LOG_QUESTIONS: "false" }).LOG_QUESTIONS).toBe(false);
    expect(() => loadConfig({ LOG_QUESTIONS: "maybe" })).toThrow(/LOG_QUESTIONS must be true or false/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(ConfigError);
  });
});
