/**
 * File-level GGUF checks: reads just enough of a file to parse its header and compares the
 * sizes, so a truncated download or a wrong path gets a one-line error instead of a crash.
 */
import { open } from "node:fs/promises";
import { GgufFormatError, NeedMoreBytes, parseGgufHeader, type GgufHeader } from "./gguf-read";

/** Reads and checks the header of a GGUF file; throws GgufFormatError naming the file. */
export async function inspectGgufFile(file: string): Promise<GgufHeader & { fileBytes: number }> {
  let fh;
  try {
    fh = await open(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GgufFormatError(`model ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  try {
    const { size } = await fh.stat();
    if (size < 24) throw new GgufFormatError(`model ${file}: not a GGUF file (${size} bytes)`);
    // Headers carry the whole vocabulary: a few MB for a large one. Read more until it parses.
    for (let want = Math.min(size, 1 << 20); ; want = Math.min(size, want * 4)) {
      const buf = Buffer.alloc(want);
      await fh.read(buf, 0, want, 0);
      try {
        const header = parseGgufHeader(buf);
        if (header.requiredBytes > size)
          throw new GgufFormatError(
            `model ${file}: truncated: its tensors need ${header.requiredBytes} bytes, the file has ${size}`,
          );
        return { ...header, fileBytes: size };
      } catch (err) {
        if (err instanceof NeedMoreBytes && want < size) continue;
        if (err instanceof NeedMoreBytes) throw new GgufFormatError(`model ${file}: truncated inside its header`);
        if (err instanceof GgufFormatError && !err.message.startsWith("model ")) throw new GgufFormatError(`model ${file}: ${err.message}`);
        throw err;
      }
    }
  } finally {
    await fh.close();
  }
}
