import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, secretsOf } from "../../src/config.js";

describe("state store settings", () => {
  it("when nothing is set, then the store is SQLite with a year of audit log and no administrators", () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.AUDIT_RETENTION_DAYS).toBe(365);
    expect(c.ADMIN_TOKENS).toEqual([]);
  });

  it("when DATABASE_URL is not a PostgreSQL URL or the retention is negative, then start-up stops with the setting named", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x@y/z" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: "-1" })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_TOKENS: "short" })).toThrow(/at least 8 characters/);
  });

  it("when a database URL and admin tokens are set, then the URL, its password and the tokens are redacted from logs", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://gxj:p%40ss-word-9@db:5432/gxj",
      ADMIN_TOKENS: "admin-one-123, admin-two-456",
    });
    expect(secretsOf(c)).toEqual(
      expect.arrayContaining([
        "postgresql://gxj:p%40ss-word-9@db:5432/gxj",
        "p%40ss-word-9",
        "p@ss-word-9",
        "admin-one-123",
        "admin-two-456",
      ]),
    );
  });
});
