import * as fs from 'fs';
import { isMainThread } from 'worker_threads';

/** CPU seconds a thread of this process has used, from its `/proc` stat line (user + system ticks). */
function threadCpuSeconds(tid: string): number {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Preloaded into a process the benchmark times (`node -r out/bench/measure.js …`): when it exits,
 * writes its peak resident memory and CPU seconds as JSON to the file `MANTRA_MEASURE_FILE` names:
 * every thread's, and split into the main thread's, the worker threads' (gone by then: what the
 * process used beyond the threads still there) and V8's and libuv's helper threads' (the
 * optimizing compiler and the garbage collector's parallel and concurrent tasks). The peak comes
 * from `VmHWM`: `ru_maxrss` keeps the high-water mark of the process that spawned this one (the
 * kernel carries it over fork and exec), so it would report the benchmark's own memory.
 */
const target = process.env.MANTRA_MEASURE_FILE;
if (isMainThread && target) {
  process.on('exit', () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    const usage = process.resourceUsage();
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    const main = threadCpuSeconds(String(process.pid));
    const helpers = fs
      .readdirSync('/proc/self/task')
      .filter((tid) => tid !== String(process.pid))
      .reduce((sum, tid) => sum + threadCpuSeconds(tid), 0);
    fs.writeFileSync(
      target,
      JSON.stringify({ maxRssMB: hwm ? Number(hwm[1]) / 1024 : usage.maxRSS / 1024, cpuSeconds, mainCpuSeconds: main, helperCpuSeconds: helpers, workerCpuSeconds: Math.max(0, cpuSeconds - main - helpers) }),
    );
  });
}
