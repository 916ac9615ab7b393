/**
 * A real HTTP server speaking the subset of the OpenAI API the app uses, for tests:
 * POST /v1/chat/completions (JSON or server-sent events), POST /v1/embeddings, GET /v1/models.
 * Tests script the model's reply with a function of the request's messages.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for bodiless requests. */
  body: any;
}

/** A scripted reply: a whole text (streamed one character per token) or explicit tokens. */
export type ChatReply = string | { tokens: string[] };

export interface FakeOpenAIOptions {
  /** Decides the assistant's reply. Throwing makes the server answer 500. */
  reply?: (messages: ChatMessage[], body: any) => ChatReply | Promise<ChatReply>;
  /** Delay before each streamed token, in ms. */
  tokenDelayMs?: number;
  /** Embedding dimension. */
  dimensions?: number;
}

export interface FakeOpenAIServer {
  /** Base URL ending in /v1, for OPENAI_BASE_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Chat requests whose stream the client abandoned before the end. */
  abortedStreams: number;
  close(): Promise<void>;
}

/** Deterministic embedding: hashed character bigrams, L2-normalized. */
export function fakeEmbedding(text: string, dimensions = 64): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const chars = [...text];
  const grams = chars.length > 1 ? chars.slice(1).map((c, i) => chars[i] + c) : chars;
  for (const g of grams) {
    let h = 2166136261;
    for (const ch of g) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    v[(h >>> 0) % dimensions] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const dimensions = options.dimensions ?? 64;
  const state = { abortedStreams: 0 };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return sendJson(res, 400, { error: { message: "invalid JSON", type: "invalid_request_error" } });
    }
    const path = (req.url ?? "").split("?")[0];
    requests.push({ method: req.method ?? "", path, headers: req.headers, body });

    if (!req.headers.authorization?.startsWith("Bearer ")) {
      return sendJson(res, 401, { error: { message: "missing API key", type: "invalid_request_error" } });
    }

    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: [
          { id: "fake-chat", object: "model", created: 0, owned_by: "test" },
          { id: "fake-embedding", object: "model", created: 0, owned_by: "test" },
        ],
      });
    }

    if (req.method === "POST" && path === "/v1/embeddings") {
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [body?.input];
      if (inputs.some((s) => typeof s !== "string")) {
        return sendJson(res, 400, { error: { message: "input must be string or string[]" } });
      }
      const base64 = body.encoding_format === "base64";
      return sendJson(res, 200, {
        object: "list",
        model: body.model,
        data: inputs.map((text, index) => {
          const v = fakeEmbedding(text, body.dimensions ?? dimensions);
          const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
          return { object: "embedding", index, embedding };
        }),
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
    }

    if (req.method === "POST" && path === "/v1/chat/completions") {
      const messages: ChatMessage[] = (body?.messages ?? []).map((m: any) => ({
        role: m.role,
        content: contentText(m.content),
      }));
      let reply: ChatReply;
      try {
        reply = await (options.reply ?? (() => "知识库中未找到相关内容。"))(messages, body);
      } catch (err) {
        return sendJson(res, 500, { error: { message: String(err), type: "server_error" } });
      }
      const tokens = typeof reply === "string" ? [...reply] : reply.tokens;
      const id = `chatcmpl-fake-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const model = body.model;

      if (!body.stream) {
        return sendJson(res, 200, {
          id,
          object: "chat.completion",
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: tokens.join("") },
              finish_reason: "stop",
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: tokens.length, total_tokens: tokens.length + 1 },
        });
      }

      let closed = false;
      res.on("close", () => {
        if (!res.writableFinished) {
          closed = true;
          state.abortedStreams++;
        }
      });
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      const send = (delta: object, finish: string | null) =>
        res.write(
          `data: ${JSON.stringify({
            id,
            object: "chat.completion.chunk",
            created,
            model,
            choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
          })}\n\n`,
        );
      send({ role: "assistant", content: "" }, null);
      for (const token of tokens) {
        if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
        if (closed) return;
        send({ content: token }, null);
      }
      send({}, "stop");
      // Like OpenAI: a last chunk without choices carries the usage, only when the request asked for it.
      if (body.stream_options?.include_usage) {
        const usage = { prompt_tokens: 1, completion_tokens: tokens.length, total_tokens: tokens.length + 1 };
        res.write(
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`,
        );
      }
      res.end("data: [DONE]\n\n");
      return;
    }

    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get abortedStreams() {
      return state.abortedStreams;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
