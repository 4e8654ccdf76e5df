import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * Encrypts and decrypts secrets at rest (webhook URLs, signing keys, datasource and target
 * passwords) with AES-256-GCM under a key from the environment (HEADROOM_SECRET_KEY).
 * Stored form: `v1:<iv>:<tag>:<ciphertext>`, base64url; the version allows key rotation later.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** `keyMaterial` is any string of at least 32 characters; it is hashed into a 256-bit key. */
  constructor(keyMaterial: string) {
    if (keyMaterial.length < 32) throw new Error("HEADROOM_SECRET_KEY must be at least 32 characters");
    this.key = createHash("sha256").update(keyMaterial).digest();
  }

  /** Encrypts a secret; every call uses a fresh IV, so equal secrets do not look equal. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
  }

  /** Decrypts a sealed secret; throws when it was tampered with or sealed under another key. */
  open(sealed: string): string {
    const parts = sealed.split(":");
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error("not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(parts[1], "base64url"));
    decipher.setAuthTag(Buffer.from(parts[2], "base64url"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(parts[3], "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("cannot decrypt secret: wrong HEADROOM_SECRET_KEY or tampered value");
    }
  }
}

/** True when a stored value is in sealed form. */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`) && value.split(":").length === 4;
}

/**
 * How a secret is shown by pages and APIs: never in full. URLs keep scheme and host so people
 * can tell webhooks apart; anything else keeps only its length class.
 */
export function redactSecret(value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol === "http:" || u.protocol === "https:") return `${u.protocol}//${u.host}/…`;
  } catch {
    /* not a URL */
  }
  return value.length === 0 ? "" : "••••••••";
}
