/**
 * CPU and memory during perf/load-viewers.ts, from /proc once a second: Headroom's server, the
 * target server, this process (the viewers), and the whole machine, so what other jobs on a
 * shared box took is visible beside Headroom's share.
 */
import os from "node:os";
import { machineCpu, treeCpu, treeRss } from "./proc-cpu";

/** Figures over the sampled window. */
export interface Resources {
  wallS: number;
  cores: number;
  /** CPU-seconds / wall seconds x 100 (100 = one core busy). */
  serverCpuPct: number;
  serverPeakCpuPct: number;
  targetsCpuPct: number;
  clientCpuPct: number;
  machineBusyPct: number;
  /** Machine busy minus the three above: other jobs on the box. */
  otherCpuPct: number;
  serverRssStart: number;
  serverRssEnd: number;
  serverRssPeak: number;
}

/** Starts sampling; `stop()` returns the figures since the start. */
export function sampleResources(serverPid: number, targetsPid: number): { stop(): Resources } {
  const cpuOf = (pid: number) => treeCpu(pid).all ?? 0;
  const clientCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = performance.now();
  const s0 = { server: cpuOf(serverPid), targets: cpuOf(targetsPid), client: clientCpu(), machine: machineCpu() };
  const rssStart = treeRss(serverPid);
  let peakRss = rssStart;
  let peakCpu = 0;
  let last = { t: t0, cpu: s0.server };
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(serverPid));
    const now = { t: performance.now(), cpu: cpuOf(serverPid) };
    peakCpu = Math.max(peakCpu, ((now.cpu - last.cpu) / ((now.t - last.t) / 1000)) * 100);
    last = now;
  }, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const wallS = (performance.now() - t0) / 1000;
      const m = machineCpu();
      const pct = (cpuS: number) => (cpuS / wallS) * 100;
      const server = pct(cpuOf(serverPid) - s0.server);
      const targets = pct(cpuOf(targetsPid) - s0.targets);
      const client = pct(clientCpu() - s0.client);
      const cores = os.cpus().length;
      // /proc/stat sums every core, so busy/total is a share of the whole machine.
      const machine = ((m.busy - s0.machine.busy) / (m.total - s0.machine.total)) * 100 * cores;
      const rssEnd = treeRss(serverPid);
      return {
        wallS,
        cores,
        serverCpuPct: server,
        serverPeakCpuPct: peakCpu,
        targetsCpuPct: targets,
        clientCpuPct: client,
        machineBusyPct: machine,
        otherCpuPct: Math.max(0, machine - server - targets - client),
        serverRssStart: rssStart,
        serverRssEnd: rssEnd,
        serverRssPeak: Math.max(peakRss, rssEnd),
      };
    },
  };
}
