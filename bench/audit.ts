import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { pythonFiles } from './common';

/**
 * The workspace audit on N worker threads, as its own process so its peak memory is its own:
 * `node out/bench/audit.js <folder> <threads>` prints one JSON line. Files go largest first to
 * whichever worker is free.
 */
async function main(): Promise<void> {
  const [root, threadsArg] = process.argv.slice(2);
  const threads = Number(threadsArg);
  const files = pythonFiles(root!)
    .map((f) => ({ f, size: fs.statSync(path.join(root!, f)).size }))
    .sort((a, b) => b.size - a.size)
    .map((x) => x.f);
  const started = performance.now();
  let next = 0;
  let findings = 0;
  let bytes = 0;
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    for (let i = 0; i < threads; i++) {
      // A cap on each worker's old generation makes V8 collect before the heap balloons (0: no cap).
      const heapMb = Number(process.env.MANTRA_AUDIT_HEAP_MB ?? 128);
      const worker = new Worker(path.join(__dirname, 'auditWorker.js'), { workerData: { root }, ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}) });
      const feed = () => worker.postMessage(next < files.length ? files[next++] : null);
      worker.on('message', (m: { ready?: boolean; findings?: number; bytes?: number }) => {
        if (!m.ready) {
          findings += m.findings!;
          bytes += m.bytes!;
          done++;
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        if (done === files.length) resolve();
      });
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  const maxRssMB = peakRssMB() ?? usage.maxRSS / 1024;
  // CPU seconds of every thread: divided by the wall-clock seconds, the cores the audit actually got.
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ threads, files: done, bytes, findings, seconds, cpuSeconds, maxRssMB }) + '\n');
}

/**
 * The peak resident memory of this process. On Linux from VmHWM: `ru_maxrss` keeps the high-water
 * mark of the parent that spawned this process (the kernel carries it over fork and exec), so it
 * would report the benchmark's own memory.
 */
function peakRssMB(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

void main();
