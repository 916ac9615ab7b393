import { OpenAIEmbeddings } from "@langchain/openai";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createOpenAIEmbeddings, embeddingId } from "../../src/providers/openai-embeddings.js";
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAIServer } from "../helpers/fake-openai-server.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DOCS = ["年度最高不超过500万元。", "给予一次性奖励100万元。", "营商环境"];

describe("createOpenAIEmbeddings", () => {
  it("is undefined unless configured, and identifies the embedding space", () => {
    expect(createOpenAIEmbeddings(loadConfig({ OPENAI_API_KEY: "k" }))).toBeUndefined();
    expect(embeddingId(loadConfig({ OPENAI_API_KEY: "k", EMBEDDING_MODEL: "bge-m3" }))).toBe("openai:bge-m3@default");
    expect(
      embeddingId(loadConfig({ OPENAI_API_KEY: "k", EMBEDDING_MODEL: "bge-m3", OPENAI_BASE_URL: "http://h:1/v1" })),
    ).toBe("openai:bge-m3@http://h:1/v1");
  });

  it("embeds documents and a query through the configured endpoint", async () => {
    server = await startFakeOpenAI({ dimensions: 32 });
    const embeddings = createOpenAIEmbeddings(
      loadConfig({ OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url, EMBEDDING_MODEL: "fake-embedding" }),
    )!;
    const vectors = await embeddings.embedDocuments(DOCS);
    expect(vectors).toEqual(DOCS.map((d) => fakeEmbedding(d, 32)));
    const query = await embeddings.embedQuery("扶持上限");
    expect(query).toEqual(fakeEmbedding("扶持上限", 32));

    const reqs = server.requests.filter((r) => r.path === "/v1/embeddings");
    expect(reqs[0].body).toMatchObject({ model: "fake-embedding", input: DOCS, encoding_format: "float" });
    expect(reqs[1].body.input).toBe("扶持上限");
    expect(reqs[0].headers.authorization).toBe("Bearer test-key");
  });

  it("also speaks base64, the openai SDK's default encoding", async () => {
    server = await startFakeOpenAI({ dimensions: 16 });
    const embeddings = new OpenAIEmbeddings({
      model: "fake-embedding",
      apiKey: "k",
      configuration: { baseURL: server.url },
    });
    const [v] = await embeddings.embedDocuments(["年度最高"]);
    expect(server.requests[0].body.encoding_format).toBe("base64");
    const expected = fakeEmbedding("年度最高", 16);
    expect(v).toHaveLength(16);
    v.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
  });
});
