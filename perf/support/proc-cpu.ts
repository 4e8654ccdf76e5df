/**
 * CPU and memory of process trees from /proc (Linux only), for perf scripts that compare
 * processes they started: `npx tsx` is three node processes deep, and a PostgreSQL cluster is a
 * postmaster with one backend per connection, so a single pid would undercount both.
 */
import fs from "node:fs";

const TICK_S = 1 / 100; // USER_HZ: 100 on every Linux architecture Node supports

/** One process as /proc/<pid>/stat describes it. */
export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of the process itself, seconds. */
  self: number;
  /** cutime + cstime: children that exited and were waited for, seconds. */
  reaped: number;
}

function readStat(pid: number, file = `/proc/${pid}/stat`): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null; // exited meanwhile
  }
  // comm may hold spaces and parentheses; the fields after the last ")" are fixed.
  const close = text.lastIndexOf(")");
  const f = text.slice(close + 2).split(" ");
  return {
    pid,
    ppid: Number(f[1]),
    comm: text.slice(text.indexOf("(") + 1, close),
    self: (Number(f[11]) + Number(f[12])) * TICK_S,
    reaped: (Number(f[13]) + Number(f[14])) * TICK_S,
  };
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** The process and all its live descendants. */
export function processTree(root: number): ProcStat[] {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const rootStat = stats.find((s) => s.pid === root);
  if (!rootStat) return [];
  const out: ProcStat[] = [];
  const todo = [rootStat];
  while (todo.length) {
    const s = todo.pop()!;
    out.push(s);
    todo.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/**
 * CPU-seconds used so far by a tree, split by a classifier. `classify(p, true)` names where the
 * time of p's exited, reaped children goes (cutime/cstime); a postmaster reaps its backends.
 */
export function treeCpu(root: number, classify: (p: ProcStat, reaped: boolean) => string = () => "all"): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string, v: number) => (out[k] = (out[k] ?? 0) + v);
  for (const p of processTree(root)) {
    add(classify(p, false), p.self);
    add(classify(p, true), p.reaped);
  }
  return out;
}

/** The command line of a process, arguments joined by spaces ("" once it has exited). */
export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/**
 * Splits a PostgreSQL cluster's CPU: "backends" are the transient processes (client backends,
 * autovacuum workers), live or exited (known then only through the postmaster's cutime/cstime,
 * e.g. when the pool closes an idle connection); "other" are the server's lasting helpers.
 */
export function postgresRole(p: ProcStat, reaped: boolean): string {
  const cmd = cmdline(p.pid);
  if (reaped) return "postgres backends";
  if (cmd.includes(" -D ")) return "postgres other";
  // Backends retitle themselves "postgres: user db host(port) state".
  return /^postgres: (\S+ \S+ \d|autovacuum worker)/.test(cmd) ? "postgres backends" : "postgres other";
}

/**
 * Memory of a tree in bytes: the sum of proportional set sizes (Pss), so memory shared between
 * processes (PostgreSQL's shared buffers) counts once; VmRSS where smaps_rollup is unreadable.
 */
export function treeMemory(root: number): number {
  let total = 0;
  for (const p of processTree(root)) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8"));
      if (m) {
        total += Number(m[1]) * 1024;
        continue;
      }
    } catch {
      /* not readable, or exited */
    }
    total += rssOf(p.pid);
  }
  return total;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // exited
  }
}

/** Resident memory of a tree in bytes (sum of VmRSS: shared pages count once per process). */
export function treeRss(root: number): number {
  return processTree(root).reduce((a, p) => a + rssOf(p.pid), 0);
}

/** Whole-machine CPU counters: busy and total seconds summed over all cores. */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return { busy: (total - idle) * TICK_S, total: total * TICK_S };
}

/**
 * CPU-seconds of every live thread of a tree: "main" for each process's main thread, the rest
 * summed by thread name (Node leaves V8's helpers and libuv's pool named after the process, so
 * they show as "node"). Exited threads are not counted.
 */
export function treeThreadCpu(root: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of processTree(root)) {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${p.pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const s = readStat(Number(tid), `/proc/${p.pid}/task/${tid}/stat`);
      const name = Number(tid) === p.pid ? "main" : s?.comm;
      if (s && name) out[name] = (out[name] ?? 0) + s.self;
    }
  }
  return out;
}
