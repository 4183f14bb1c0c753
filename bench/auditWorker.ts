import * as fs from 'fs';
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { lintText } from '../src/core/lintText';
import { initParser, researchPreset } from './common';

/** One audit worker: lints the files the parent hands out, one at a time, and reports counts. */
async function main(): Promise<void> {
  const { root } = workerData as { root: string };
  await initParser();
  const rules = researchPreset();
  const port = parentPort!;
  port.on('message', (file: string | null) => {
    if (file === null) {
      port.close();
      return;
    }
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const findings = lintText(text, file, rules).findings.length;
    port.postMessage({ file, findings, bytes: Buffer.byteLength(text) });
  });
  port.postMessage({ ready: true });
}

void main();
