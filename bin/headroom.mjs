#!/usr/bin/env node
// The `headroom` command. The CLI is TypeScript; tsx compiles it on the fly so that a checkout
// needs no build step before `npx headroom ...` works.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv);
