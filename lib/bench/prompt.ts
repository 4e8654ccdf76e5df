/**
 * Headroom's own seeded prompt text: English words drawn from a fixed list, one word per
 * wanted token. Every word is a frequent, short English word that the common tokenizers
 * (GPT-2/cl100k-style BPE, Llama's SentencePiece and tiktoken vocabularies) hold as a single
 * token when preceded by a space, so N words come to about N tokens. Servers that report
 * `usage.prompt_tokens` override the estimate in the results.
 */
import { Rng, deriveSeed } from "./rng";

const WORDS = (
  "the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her " +
  "she there been one all we their has would more when if will can no so time what about out up them into some could than " +
  "other only its then first new two like also after made over did many may well back years where way most work people these " +
  "just year any between see long through even because much before state must own world make both still life here day three " +
  "used part take each under good same last right never very know place might while think great old those get house little " +
  "found end again small high without another come home since against form water being large during power school hand next " +
  "number often group use family days name given case few point public system city help less open set week light line night " +
  "left side land head road room door game food money story area music film book car field table river morning street " +
  "paper order market plan color voice woman man child friend letter fact half early late young best free full short clear " +
  "true hard easy real strong ready simple close sure far near low deep warm cold green blue red black white dark bright"
).split(" ");

const OPENING_WORDS = 8;

/** Prompts of an approximate token length, different for every request index and seed. */
export class PromptSource {
  private readonly pool: string[];
  private readonly seed: number;

  /** `poolWords` seeded words are drawn once; prompts are slices of them at per-request offsets. */
  constructor(seed: number, poolWords = 1 << 16) {
    const rng = new Rng(seed);
    this.seed = seed;
    this.pool = Array.from({ length: poolWords }, () => WORDS[rng.int(WORDS.length)]);
  }

  /**
   * About `tokens` tokens of text for request `index`: fresh opening words, then a slice of the
   * pool from an offset derived from the seed and index, so prompts do not share prefixes (a
   * server's prefix cache would otherwise make TTFT look better than real traffic gets).
   */
  prompt(tokens: number, index: number): string {
    const n = Math.max(1, Math.round(tokens));
    const rng = new Rng(deriveSeed(this.seed, index));
    const start = rng.int(this.pool.length);
    const words = new Array<string>(n);
    // The opening words are drawn afresh for each request (231^8 possibilities), so no two
    // prompts share a first cache block even when their pool offsets collide.
    const fresh = Math.min(n, OPENING_WORDS);
    for (let i = 0; i < fresh; i++) words[i] = WORDS[rng.int(WORDS.length)];
    for (let i = fresh; i < n; i++) words[i] = this.pool[(start + i) % this.pool.length];
    return words.join(" ");
  }
}

/** The number of words in the list (for tests and docs). */
export const PROMPT_VOCABULARY_SIZE = WORDS.length;
