/** Public face of the chunk codec: Gorilla-style timestamps and XOR floats, bit-exact. */
export { BitReader, BitWriter, ChunkFormatError } from "./bit-stream";
export {
  ChunkEncoder,
  MAX_ABS_TIMESTAMP,
  MAX_CHUNK_COLUMNS,
  MAX_CHUNK_SAMPLES,
  chunkHeader,
  decodeChunk,
  type DecodedChunk,
} from "./xor-chunk";
export { DEFAULT_CHUNK_BYTES, encodeRows, encodeSamples, type EncodedChunk } from "./split";
