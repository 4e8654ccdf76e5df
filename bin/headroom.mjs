#!/usr/bin/env node
// The `headroom` command. The CLI is TypeScript; tsx compiles it on the fly so that a checkout
// needs no build step before `npx headroom ...` works.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv);
// Started with an IPC channel (Headroom's demo runs serve-model so): an open channel would keep
// the process alive after the command is done.
if (process.connected) process.disconnect();
