import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("bot configuration", () => {
  it("takes a numeric WECOM_AGENT_ID, treats an empty one as unset, and refuses any other at start-up", () => {
    expect(loadConfig({ WECOM_AGENT_ID: "1000002" }).WECOM_AGENT_ID).toBe("1000002");
    expect(loadConfig({ WECOM_AGENT_ID: "" }).WECOM_AGENT_ID).toBeUndefined();
    expect(() => loadConfig({ WECOM_AGENT_ID: "my-app" })).toThrow(ConfigError);
  });
});
