import { readdir, readFile } from 'node:fs/promises';

/**
 * Linux reports CPU times in /proc in clock ticks of USER_HZ, which the kernel fixes at 100 for
 * user space on every architecture Node runs on (sysconf(_SC_CLK_TCK)).
 */
const USER_HZ = 100;

/** One process as /proc describes it; fields that could not be read are undefined. */
export interface ProcProcess {
  pid: number;
  /** Process group id. */
  pgid: number;
  /** `R`, `S`, `Z` (zombie), ... */
  state: string;
  /** CPU time of the process and of its children it waited for, in milliseconds. */
  cpuMs: number;
  /** When the process started, in clock ticks since boot: with the pid, it names one process. */
  startTime: number;
}

/** Every process /proc shows (none where there is no /proc), zombies included. */
export async function listProcesses(): Promise<ProcProcess[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const found = await Promise.all(
    entries.filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))),
  );
  return found.filter((process): process is ProcProcess => process !== null);
}

/** The process's /proc/<pid>/stat, or null when it is gone. */
export async function readStat(pid: number): Promise<ProcProcess | null> {
  const text = await readText(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = (index: number) => Number(fields[index] ?? 0) || 0;
  return {
    pid,
    state: fields[0] ?? '?',
    pgid: Number(fields[2]),
    // utime, stime, cutime, cstime: fields 14 to 17 of proc(5)'s stat, here counted from field 3.
    cpuMs: ((ticks(11) + ticks(12) + ticks(13) + ticks(14)) * 1000) / USER_HZ,
    startTime: ticks(19),
  };
}

/** The environment the process was started with, or null when it cannot be read (gone, another user). */
export async function readEnviron(pid: number): Promise<string[] | null> {
  const text = await readText(`/proc/${pid}/environ`);
  return text === null ? null : text.split('\0').filter((entry) => entry.length > 0);
}

/** Resident memory in bytes (VmRSS), or null. */
export async function readResidentBytes(pid: number): Promise<number | null> {
  const text = await readText(`/proc/${pid}/status`);
  const match = text?.match(/^VmRSS:\s+(\d+)\s+kB$/m);
  return match ? Number(match[1]) * 1024 : null;
}

/** Bytes read from and written to storage (/proc/<pid>/io), or null when it cannot be read. */
export async function readIoBytes(pid: number): Promise<{ read: number; write: number } | null> {
  const text = await readText(`/proc/${pid}/io`);
  const read = text?.match(/^read_bytes:\s+(\d+)$/m);
  const write = text?.match(/^write_bytes:\s+(\d+)$/m);
  return read && write ? { read: Number(read[1]), write: Number(write[1]) } : null;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
