/**
 * The model process: loads one GGUF model with node-llama-cpp and serves the requests of
 * protocol.ts over IPC. It runs apart from Headroom because llama.cpp may abort() the whole
 * process on a malformed model; the parent then reports the death and lives on.
 */
import { getLlama, resolveChatWrapper, type ChatHistoryItem, type ChatWrapper, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token } from "node-llama-cpp";
import { inspectGgufFile } from "./gguf-file";
import { GgufFormatError } from "./gguf-read";
import { nowMs, type EngineReply, type EngineRequest, type GenerateOptions, type LoadOptions, type ModelInfo } from "./protocol";

interface Loaded {
  model: LlamaModel;
  context: LlamaContext;
  free: LlamaContextSequence[];
  info: ModelInfo;
  chat?: ChatWrapper;
}

let llama: Llama | undefined;
let loaded: Loaded | undefined;
const active = new Set<number>();
const cancelled = new Set<number>();
// llama.cpp's last error lines explain a failed load better than the binding's generic message.
const errorLog: string[] = [];

class RequestError extends Error {
  constructor(message: string, readonly code: NonNullable<Extract<EngineReply, { kind: "error" }>["code"]>) {
    super(message);
  }
}

function send(reply: EngineReply): void {
  process.send?.(reply);
}

async function load(o: LoadOptions): Promise<ModelInfo> {
  let header;
  try {
    header = await inspectGgufFile(o.modelPath);
  } catch (err) {
    if (err instanceof GgufFormatError) throw new RequestError(err.message, "bad_model");
    throw err;
  }
  // Only a file that passed the checks replaces the loaded model.
  if (loaded) await unload();
  llama ??= await getLlama({
    gpu: false,
    build: "never",
    maxThreads: o.threads > 0 ? o.threads : undefined,
    logger: (level, message) => {
      if (level === "error" || level === "fatal") {
        errorLog.push(message.trim());
        errorLog.splice(0, errorLog.length - 20);
      }
      if (level !== "debug" && level !== "info" && level !== "log") process.stderr.write(`${message.trimEnd()}\n`);
    },
  });
  errorLog.length = 0;
  // Timed from here: the binding's one-time start-up is not part of loading a model.
  const t0 = performance.now();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: o.modelPath, gpuLayers: 0 });
  } catch (err) {
    const detail = loadFailureReason(errorLog) ?? (err as Error).message;
    throw new RequestError(`model ${o.modelPath}: failed to load: ${detail}`, "load_failed");
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: o.contextSize,
      sequences: o.parallel,
      threads: o.threads > 0 ? o.threads : undefined,
      failedCreationRemedy: false,
    });
  } catch (err) {
    await model.dispose();
    throw new RequestError(`model ${o.modelPath}: cannot create a context of ${o.contextSize} tokens x ${o.parallel}: ${(err as Error).message}`, "load_failed");
  }
  const free = Array.from({ length: o.parallel }, () => context.getSequence());
  const md = header.metadata;
  const info: ModelInfo = {
    modelPath: o.modelPath,
    name: String(md.get("general.name") ?? ""),
    architecture: String(md.get("general.architecture") ?? ""),
    contextSize: context.contextSize,
    trainContextSize: model.trainContextSize,
    parallel: o.parallel,
    threads: context.currentThreads,
    vocabSize: (md.get("tokenizer.ggml.tokens") as unknown[] | undefined)?.length ?? 0,
    fileBytes: header.fileBytes,
    loadMs: performance.now() - t0,
    synthetic: md.get("headroom.synthetic") === true,
  };
  loaded = { model, context, free, info };
  return info;
}

/** The most telling of llama.cpp's error lines: the first that is not a generic "failed to load". */
function loadFailureReason(lines: string[]): string | undefined {
  const telling = lines.filter((l) => l && !/failed to (load model|read tensor data)/.test(l));
  return telling[0]?.replace(/^.*error loading model: /, "") ?? lines.find(Boolean);
}

async function unload(): Promise<void> {
  const l = loaded;
  loaded = undefined;
  if (!l) return;
  await l.context.dispose();
  await l.model.dispose();
}

function promptTokens(l: Loaded, o: GenerateOptions): Token[] {
  if (o.messages) {
    l.chat ??= resolveChatWrapper(l.model);
    const history: ChatHistoryItem[] = o.messages.map((m) =>
      m.role === "user"
        ? { type: "user", text: m.content }
        : m.role === "assistant"
          ? { type: "model", response: [m.content] }
          : { type: "system", text: m.content },
    );
    history.push({ type: "model", response: [] });
    return l.chat.generateContextState({ chatHistory: history }).contextText.tokenize(l.model.tokenizer);
  }
  const tokens = l.model.tokenize(o.prompt ?? "", false);
  const bos = l.model.tokens.bos;
  return l.model.tokens.shouldPrependBosToken && bos !== null ? [bos, ...tokens] : tokens;
}

async function generate(id: number, o: GenerateOptions): Promise<void> {
  const l = loaded;
  if (!l) throw new RequestError("no model is loaded", "not_loaded");
  const prompt = promptTokens(l, o);
  const room = l.info.contextSize - prompt.length;
  const maxTokens = o.maxTokens ?? room;
  if (prompt.length === 0) throw new RequestError("the prompt is empty", "bad_request");
  if (maxTokens > room)
    throw new RequestError(
      `This model's maximum context length is ${l.info.contextSize} tokens. However, you requested ${prompt.length + maxTokens} tokens (${prompt.length} in the prompt, ${maxTokens} for the completion).`,
      "context_length",
    );
  const seq = l.free.pop();
  if (!seq) throw new RequestError(`all ${l.info.parallel} sequences are busy`, "busy");
  active.add(id);
  send({ id, kind: "start", promptTokens: prompt.length, t: nowMs() });
  let count = 0;
  let finishReason: "stop" | "length" | "abort" = "length";
  let pending: Token[] = [];
  let recent: Token[] = [];
  try {
    await seq.clearHistory();
    if (maxTokens > 0) {
      for await (const token of seq.evaluate(prompt, { temperature: o.temperature ?? 0, seed: o.seed })) {
        if (cancelled.has(id)) {
          finishReason = "abort";
          break;
        }
        if (!o.ignoreEos && l.model.isEogToken(token)) {
          finishReason = "stop";
          break;
        }
        count++;
        pending.push(token);
        // Byte tokens can end mid-character: hold the text back until the character completes.
        let text = l.model.detokenize(pending, false, recent);
        if (text.endsWith("\uFFFD") && pending.length < 4) text = "";
        else {
          recent = [...recent, ...pending].slice(-8);
          pending = [];
        }
        send({ id, kind: "token", text, t: nowMs() });
        if (count >= maxTokens) break;
      }
    }
  } finally {
    l.free.push(seq);
    active.delete(id);
    cancelled.delete(id);
  }
  const tail = pending.length ? l.model.detokenize(pending, false, recent) : "";
  send({ id, kind: "end", finishReason, promptTokens: prompt.length, completionTokens: count, text: tail, t: nowMs() });
}

async function handle(msg: EngineRequest): Promise<void> {
  switch (msg.op) {
    case "load":
      return send({ id: msg.id, kind: "ok", value: await load(msg.options) });
    case "tokenize": {
      if (!loaded) throw new RequestError("no model is loaded", "not_loaded");
      return send({ id: msg.id, kind: "ok", value: loaded.model.tokenize(msg.text, false) });
    }
    case "generate":
      return generate(msg.id, msg.options);
    case "cancel":
      if (active.has(msg.target)) cancelled.add(msg.target);
      return;
    case "unload":
      await unload();
      return send({ id: msg.id, kind: "ok" });
  }
}

process.on("message", (msg: EngineRequest) => {
  handle(msg).catch((err: unknown) => {
    const code = err instanceof RequestError ? err.code : undefined;
    send({ id: msg.id, kind: "error", message: err instanceof Error ? err.message : String(err), code });
  });
});
// The parent going away (disconnect) ends this process; there is no one left to serve.
process.on("disconnect", () => {
  void unload().finally(() => process.exit(0));
});
