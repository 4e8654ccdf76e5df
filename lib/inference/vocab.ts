/**
 * The byte-level tokenizer of synthetic models: llama.cpp's SentencePiece-style ("llama") vocab
 * with <unk>, <s>, </s>, the 256 byte tokens <0x00>..<0xFF> (so any text tokenizes: a piece not
 * in the vocab falls back to its UTF-8 bytes), then filler pieces up to the requested size.
 *
 * The filler is "▁" and printable ASCII, then lowercase letter strings (with and without the
 * word-start marker "▁") by increasing length, so English-like text merges into pieces of a
 * few characters as with a real vocab, and the output layer has the real vocab's width.
 */

/** llama.cpp's token types as stored in tokenizer.ggml.token_type. */
export const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

/** Special tokens and bytes: the smallest vocab a synthetic model can have. */
export const MIN_VOCAB = 3 + 256;

/** A tokenizer vocabulary in the three parallel arrays GGUF stores. */
export interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  bos: number;
  eos: number;
  unk: number;
}

const SPACE = "\u2581";
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function* fillerPieces(): Generator<string> {
  yield SPACE;
  for (let c = 0x21; c <= 0x7e; c++) yield String.fromCharCode(c);
  for (let len = 2; ; len++) {
    // Word-initial pieces first ("▁ab"), then word-internal ones ("abc"), each in base-26 order.
    for (const [prefix, n] of [[SPACE, len - 1], ["", len]] as const) {
      const idx = new Array<number>(n).fill(0);
      for (;;) {
        yield prefix + idx.map((i) => LETTERS[i]).join("");
        let k = n - 1;
        while (k >= 0 && idx[k] === LETTERS.length - 1) idx[k--] = 0;
        if (k < 0) break;
        idx[k]++;
      }
    }
  }
}

/** Builds a byte-level vocab of exactly `size` tokens (at least MIN_VOCAB). */
export function buildByteVocab(size: number): Vocab {
  if (!Number.isInteger(size) || size < MIN_VOCAB) throw new RangeError(`vocab size must be at least ${MIN_VOCAB}`);
  const tokens = ["<unk>", "<s>", "</s>"];
  const types: number[] = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL];
  for (let b = 0; b < 256; b++) {
    // llama.cpp looks byte tokens up by this exact spelling (upper-case hex).
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TokenType.BYTE);
  }
  const filler = fillerPieces();
  while (tokens.length < size) {
    tokens.push(filler.next().value as string);
    types.push(TokenType.NORMAL);
  }
  // SentencePiece merges the highest-scoring piece first; earlier (shorter) pieces score higher.
  const scores = tokens.map((_, i) => (types[i] === TokenType.NORMAL ? -i : 0));
  return { tokens, scores, types, bos: 1, eos: 2, unk: 0 };
}
