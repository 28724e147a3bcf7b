import * as fs from "node:fs";

/** What a process is, from its /proc entry; undefined means "not one we watch". */
export type ProcessClassifier = (process: {
  readonly pid: number;
  /** The command line, split into its arguments. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly exe: string;
}) => string | undefined;

export interface ProcessSample {
  /** Largest VmHWM (the kernel's own peak RSS of a process) seen per label, in KiB. */
  readonly peakRssKiB: Record<string, number>;
  /** User + system CPU time per label, summed over its processes, in ms (as of each one's last poll). */
  readonly cpuMs: Record<string, number>;
}

export interface ProcessSampler {
  /** Polls once more, stops, and returns the figures; labels never seen are absent. */
  stop(): ProcessSample;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Polls /proc every `intervalMs` and keeps, per label, the peak RSS and the CPU time of the processes `classify`
 * labels. VmHWM never decreases, so a poll every ~100 ms misses at most a process's growth in its last interval
 * before it exits; CPU time likewise misses at most its last interval. CPU time is what tells a busy engine from a
 * waiting one on a machine shared with other work, where wall time alone cannot. Linux only; elsewhere it reports
 * nothing.
 */
export function startProcessSampler(classify: ProcessClassifier, intervalMs = 100): ProcessSampler {
  const peakRssKiB: Record<string, number> = {};
  // Per pid, the cmdline last classified, its label and its last CPU reading. Only a changed cmdline (an exec) is
  // classified again.
  const seen = new Map<number, { cmdline: string; label: string | undefined; cpuMs: number }>();

  const poll = () => {
    let entries: string[];
    try {
      entries = fs.readdirSync("/proc");
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const cmdline = readCmdline(pid);
      // Empty for kernel threads and for zombies: an exited process keeps its label and last CPU reading.
      if (cmdline === undefined || cmdline === "") continue;
      let known = seen.get(pid);
      // Labelled pids are checked too: a child forked by the engine looks like the engine until it execs.
      if (known === undefined || known.cmdline !== cmdline) {
        known = { cmdline, label: classifyPid(pid, cmdline, classify), cpuMs: 0 };
        seen.set(pid, known);
      }
      const label = known.label;
      if (label === undefined) continue;
      const hwm = vmHwmKiB(pid);
      if (hwm !== undefined && hwm > (peakRssKiB[label] ?? 0)) peakRssKiB[label] = hwm;
      known.cpuMs = cpuMsOf(pid) ?? known.cpuMs;
    }
  };

  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      const cpuMs: Record<string, number> = {};
      for (const { label, cpuMs: used } of seen.values()) {
        if (label !== undefined) cpuMs[label] = (cpuMs[label] ?? 0) + used;
      }
      return { peakRssKiB: { ...peakRssKiB }, cpuMs };
    },
  };
}

function readCmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    // Gone between readdir and read, or not ours to read.
    return undefined;
  }
}

function classifyPid(pid: number, cmdline: string, classify: ProcessClassifier): string | undefined {
  const argv = cmdline.split("\0").filter((arg) => arg !== "");
  return classify({ pid, argv, cwd: safeReadlink(`/proc/${pid}/cwd`), exe: safeReadlink(`/proc/${pid}/exe`) });
}

function safeReadlink(link: string): string {
  try {
    return fs.readlinkSync(link);
  } catch {
    return "";
  }
}

function vmHwmKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised command name). */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
