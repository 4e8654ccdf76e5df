/**
 * Writes a synthetic GGUF model: real llama shapes and block formats, seeded random weights.
 * Streams tensor data in chunks of about a million values, so a model of any size needs only a
 * few MB of memory, and writes to FILE.partial first so a crash never leaves a half file at FILE.
 */
import { open, rename, rm } from "node:fs/promises";
import { encodeGgufHeader } from "./gguf-encode";
import { encodeF16, encodeQ4_0, encodeQ8_0 } from "./ggml-quant";
import { GgmlType } from "./ggml-types";
import { createRng, fillUniform } from "./rng";
import { SYNTH_ALIGNMENT, modelMetadata, modelTensors, validateSpec, type SynthSpec, type SynthTensor } from "./synth-spec";
import { buildByteVocab } from "./vocab";

/** What writeSyntheticModel wrote. */
export interface SynthResult {
  file: string;
  bytes: number;
  parameters: number;
  tensors: number;
}

const CHUNK_VALUES = 1 << 20;

/** Encodes a row-aligned chunk of one tensor's values in the tensor's type. */
function encodeChunk(t: SynthTensor, values: Float32Array): Uint8Array {
  switch (t.type) {
    case GgmlType.F32:
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    case GgmlType.F16: {
      const out = new Uint8Array(values.length * 2);
      encodeF16(values, out);
      return out;
    }
    case GgmlType.Q8_0: {
      const out = new Uint8Array((values.length / 32) * 34);
      encodeQ8_0(values, out);
      return out;
    }
    case GgmlType.Q4_0: {
      const out = new Uint8Array((values.length / 32) * 18);
      encodeQ4_0(values, out);
      return out;
    }
    default:
      throw new Error(`tensor ${t.name}: cannot write ggml type ${t.type}`);
  }
}

/**
 * Writes the model described by `spec` to `file`; `onProgress` gets the fraction of tensor
 * bytes written so far.
 */
export async function writeSyntheticModel(
  file: string,
  spec: SynthSpec,
  onProgress?: (fraction: number) => void,
): Promise<SynthResult> {
  validateSpec(spec);
  const tensors = modelTensors(spec);
  const header = encodeGgufHeader(modelMetadata(spec, buildByteVocab(spec.vocab)), tensors, SYNTH_ALIGNMENT);
  const last = tensors[tensors.length - 1];
  const total = last.offset + last.bytes;
  const partial = `${file}.partial`;
  const fh = await open(partial, "w");
  let parameters = 0;
  try {
    await fh.write(header);
    let pos = 0;
    for (let i = 0; i < tensors.length; i++) {
      const t = tensors[i];
      if (t.offset > pos) await fh.write(Buffer.alloc(t.offset - pos));
      const rowLen = t.dims[0];
      const count = t.dims.reduce((a, b) => a * b, 1);
      const rng = createRng(spec.seed, i);
      const scale = 1 / Math.sqrt(rowLen);
      const rowsPerChunk = Math.max(1, Math.floor(CHUNK_VALUES / rowLen));
      for (let done = 0; done < count; ) {
        const n = Math.min(count - done, rowsPerChunk * rowLen);
        const values = new Float32Array(n);
        if (t.fill === "ones") values.fill(1);
        else fillUniform(values, rng, scale);
        await fh.write(encodeChunk(t, values));
        done += n;
      }
      pos = t.offset + t.bytes;
      parameters += count;
      onProgress?.(pos / total);
    }
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(partial, { force: true });
    throw err;
  }
  await rename(partial, file);
  return { file, bytes: header.length + total, parameters, tensors: tensors.length };
}
