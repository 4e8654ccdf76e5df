/**
 * Local quantized inference: synthetic GGUF models, a model process running llama.cpp through
 * node-llama-cpp, and an OpenAI-compatible model server with vLLM-named metrics.
 */
export { writeSyntheticModel, type SynthResult } from "./gguf-synth";
export { SYNTH_TYPES, SpecError, defaultModelName, modelTensors, parameterCount, validateSpec, type SynthSpec, type SynthType } from "./synth-spec";
export { inspectGgufFile } from "./gguf-file";
export { GgufFormatError, parseGgufHeader, type GgufHeader, type GgufValue } from "./gguf-read";
export { ggmlTypeName } from "./ggml-types";
export { EngineError, ModelProcess, startEngine, type GenerateEvent } from "./engine";
export type { ChatMessage, FinishReason, GenerateOptions, LoadOptions, ModelInfo } from "./protocol";
export { startModelServer, type ModelServer, type ModelServerOptions } from "./model-server";
export { Admission, QueueFullError } from "./admission";
