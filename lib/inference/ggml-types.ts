/**
 * ggml tensor types as GGUF numbers them, with their block sizes, so that a tensor's byte size
 * can be computed without loading it (used by the writer and by the file check before a load).
 */

/** The ggml type ids this module writes (F32 for norms, the rest for weights). */
export const GgmlType = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8 } as const;

// [values per block, bytes per block] for the types common in published GGUF files; others
// are unknown here and their size is not checked.
const LAYOUT: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0: f16 scale + 16 bytes of nibbles
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0: f16 scale + 32 int8
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
};

/** Bytes taken by `count` values of a ggml type, or null when the type is not known here. */
export function tensorBytes(type: number, count: number): number | null {
  const layout = LAYOUT[type];
  if (!layout) return null;
  const [values, bytes] = layout;
  if (count % values !== 0) return null;
  return (count / values) * bytes;
}

/** The name llama.cpp prints for a type id (`Q8_0`), or `type N` when unknown. */
export function ggmlTypeName(type: number): string {
  const names: Record<number, string> = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 10: "Q2_K",
    11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 30: "BF16",
  };
  return names[type] ?? `type ${type}`;
}
