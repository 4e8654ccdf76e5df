import fs from "node:fs";
import path from "node:path";

/** A held lock on a PGlite data directory. */
export interface DataDirLock {
  release(): void;
}

/**
 * PGlite is one process's database: two processes on one directory corrupt it. A pid file
 * makes the second one fail with an explanation instead.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, "headroom.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by another Headroom process (pid ${holder}); ` +
            `stop it, or set DATABASE_URL so that several processes share a PostgreSQL server`,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone (crash or kill -9)
    }
  }
  throw new Error(`cannot lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
