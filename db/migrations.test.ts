import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.join(import.meta.dirname, "migrations");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".sql"));

describe("migrations", () => {
  it("are listed in drizzle's journal, in order", () => {
    const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8"));
    expect(journal.entries.map((e: { tag: string }) => `${e.tag}.sql`)).toEqual(files.sort());
  });

  // drizzle-kit writes REFERENCES "public"."t"; Headroom must run in any schema (tests use a
  // fresh one each), so generated files are edited to drop the qualifier.
  it.each(files)("%s names no schema explicitly", (f) => {
    expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toMatch(/"public"\./);
  });
});
