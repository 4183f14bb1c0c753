import * as fs from 'fs';
import { isMainThread } from 'worker_threads';

/**
 * Preloaded into a process the benchmark times (`node -r out/bench/measure.js …`): when it exits,
 * writes its peak resident memory and CPU seconds (every thread's) as JSON to the file
 * `MANTRA_MEASURE_FILE` names. The peak comes from `VmHWM`: `ru_maxrss` keeps the high-water mark
 * of the process that spawned this one (the kernel carries it over fork and exec), so it would
 * report the benchmark's own memory.
 */
const target = process.env.MANTRA_MEASURE_FILE;
if (isMainThread && target) {
  process.on('exit', () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssMB: hwm ? Number(hwm[1]) / 1024 : usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
  });
}
