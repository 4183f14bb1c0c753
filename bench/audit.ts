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
      const worker = new Worker(path.join(__dirname, 'auditWorker.js'), { workerData: { root } });
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
  const maxRssMB = usage.maxRSS / 1024;
  // CPU seconds of every thread: divided by the wall-clock seconds, the cores the audit actually got.
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ threads, files: done, bytes, findings, seconds, cpuSeconds, maxRssMB }) + '\n');
}

void main();
