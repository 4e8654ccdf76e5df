/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for synthetic weights: fast, and the
 * same seed gives the same model byte for byte on every machine.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator of uniform floats in [0, 1) for a seed and a stream number (e.g. a tensor index). */
export function createRng(seed: number, stream = 0): () => number {
  const init = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  let a = init(), b = init(), c = init(), d = init();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Fills `out` with uniform values in [-scale, scale). */
export function fillUniform(out: Float32Array, rng: () => number, scale: number): void {
  for (let i = 0; i < out.length; i++) out[i] = (rng() * 2 - 1) * scale;
}
