/**
 * The baseline as processes, so it is measured the way the project is:
 *   build  <corpusDir> <dataDir>            full index, written to dataDir/baseline.json
 *   update <corpusDir> <dataDir> <relPath>  load, re-chunk one file, save
 *   serve  <dataDir> <port>                 GET /healthz, POST /api/ask {question} → {passages},
 *                                           POST /api/documents {relPath, text} → re-index in process
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { BaselineIndex } from "./baseline-index.js";

const TEXT_FILE = /\.(txt|md)$/i;

function listTextFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((d) => d.isFile() && TEXT_FILE.test(d.name))
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

const indexFile = (dataDir: string) => path.join(dataDir, "baseline.json");

function save(index: BaselineIndex, dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(indexFile(dataDir), index.toJSON());
}

function build(corpusDir: string, dataDir: string): void {
  const index = BaselineIndex.empty();
  const files = listTextFiles(corpusDir);
  for (const relPath of files) index.put(relPath, readFileSync(path.join(corpusDir, relPath), "utf8"));
  save(index, dataDir);
  console.log(JSON.stringify({ files: files.length, chunks: index.chunks }));
}

function update(corpusDir: string, dataDir: string, relPath: string): void {
  const index = BaselineIndex.fromJSON(readFileSync(indexFile(dataDir), "utf8"));
  index.put(relPath, readFileSync(path.join(corpusDir, relPath), "utf8"));
  save(index, dataDir);
  console.log(JSON.stringify({ chunks: index.chunks }));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8"));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function serve(dataDir: string, port: number, corpusDir?: string): void {
  const index = BaselineIndex.fromJSON(readFileSync(indexFile(dataDir), "utf8"));
  const server = createServer(async (req, res) => {
    try {
      if (req.method === "GET" && req.url === "/healthz") return send(res, 200, { status: "ok", chunks: index.chunks });
      if (req.method === "POST" && req.url === "/api/ask") {
        const { question } = (await readBody(req)) as { question: string };
        return send(res, 200, { passages: index.query(question) });
      }
      if (req.method === "POST" && req.url === "/api/documents") {
        const { relPath, text } = (await readBody(req)) as { relPath: string; text: string };
        if (corpusDir) {
          mkdirSync(path.dirname(path.join(corpusDir, relPath)), { recursive: true });
          writeFileSync(path.join(corpusDir, relPath), text);
        }
        // The plain way: change the index in place and save it, all on the event loop.
        index.put(relPath, text);
        save(index, dataDir);
        return send(res, 201, { chunks: index.chunks });
      }
      send(res, 404, { error: "not found" });
    } catch (err) {
      send(res, 500, { error: String(err) });
    }
  });
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

const [command, ...args] = process.argv.slice(2);
if (command === "build") build(args[0], args[1]);
else if (command === "update") update(args[0], args[1], args[2]);
else if (command === "serve") serve(args[0], Number(args[1]), args[2]);
else {
  console.error("usage: baseline-main.ts build|update|serve …");
  process.exitCode = 2;
}
