import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { LineRange } from '../core/diff';
import type { InternalError } from '../core/engine';
import type { Finding } from '../core/finding';
import { activeRules, resolveRuleSet } from '../core/guidelines';
import { lintText } from '../core/lintText';
import { UsageError, type ParsedArgs } from './args';
import { absPosix, diskHost, initParserBesideBundle } from './host';
import type { Preset } from './audit';

/** One Python file to lint: its text when already read (else read from disk, after `--fix`), and its changed lines under `--diff-base`. */
export interface LintJob {
  abs: string;
  rel: string;
  text?: string;
  changed?: LineRange[] | 'all';
}

export interface LintOutcome {
  findings: Finding[];
  internalErrors: InternalError[];
}

/** Below this many files an audit without `--jobs` lints on the main thread: starting workers costs more. */
const MIN_FILES_FOR_WORKERS = 64;

/** The old-generation cap of a worker (MB): far above what the largest file of the PyTorch corpus needs. */
const WORKER_HEAP_MB = 128;

/** Marks a worker thread started by `lintFiles`. */
const WORKER = 'mantraAuditWorker';

/**
 * How many threads lint: `--jobs N` (1 to 64), else one per available core; 1 when there are too few files for workers to pay.
 */
export function threadsFor(args: ParsedArgs, files: number): number {
  const value = args.flags.get('jobs');
  if (value === undefined) return files >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), files) : 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  return Math.max(1, Math.min(n, files));
}

/** A file waiting for a worker, or being linted by one. */
interface Task {
  job: LintJob;
  resolve(outcome: LintOutcome): void;
  reject(error: unknown): void;
}

/**
 * Lints Python files on `threads` worker threads, each file on the first free one (each worker
 * resolves the rule set of its files from the guideline files on disk, as the main thread does);
 * with one thread, here. The workers start with the first file, so an audit served from the cache
 * starts none. `close` stops them.
 */
export class LintPool {
  private readonly slots: Array<{ worker: Worker; online: boolean; task?: Task }> = [];
  private readonly queue: Task[] = [];
  /** With one thread: the lint of the file handed over last. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly root: string,
    private readonly preset: Preset,
    private readonly threads: number,
  ) {}

  /** The findings of one file. */
  async lint(job: LintJob): Promise<LintOutcome> {
    if (this.threads <= 1) {
      // One file at a time, in the order given, though the caller hands them all over at once.
      const run = this.chain.then(async () => {
        await initParserBesideBundle();
        return lintJob(this.root, this.preset, job);
      });
      // The next file waits for this one to settle; a failure still reaches this one's caller through `run`.
      this.chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    }
    return new Promise<LintOutcome>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.slots.length === 0) this.start();
      this.pump();
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): void {
    for (let i = 0; i < this.threads; i++) {
      // Heap caps make V8 collect before a worker's heap balloons: peak memory 310 -> 255 MB on 1,214 files, and no slower.
      const worker = new Worker(__filename, {
        workerData: { [WORKER]: true, root: this.root, preset: this.preset },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
      });
      const slot: (typeof this.slots)[number] = { worker, online: false };
      worker.on('online', () => {
        slot.online = true;
        this.pump();
      });
      worker.on('message', (m: WireOutcome) => {
        const task = slot.task!;
        slot.task = undefined;
        task.resolve({ findings: m.findings, internalErrors: m.internalErrors.map(fromWire) });
        this.pump();
      });
      worker.on('error', (e) => {
        // A worker that failed fails its file and every file still waiting: the audit stops with the error.
        slot.task?.reject(e);
        for (const t of this.queue.splice(0)) t.reject(e);
      });
      this.slots.push(slot);
    }
  }

  /** Hands waiting files to free workers. */
  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.online || slot.task || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      const { abs, rel, text, changed } = task.job;
      // Thrown in an event handler, an error would escape the promise and kill the process.
      try {
        slot.worker.postMessage({ abs, rel, ...(text !== undefined ? { text } : {}), ...(changed ? { changed } : {}) } satisfies LintJob);
      } catch (e) {
        slot.task = undefined;
        task.reject(e);
      }
    }
  }
}

/** An internal error as it crosses threads (an `Error` loses its class on the way). */
interface WireError {
  ruleId: string;
  message: string;
  stack?: string;
}

interface WireOutcome {
  findings: Finding[];
  internalErrors: WireError[];
}

function fromWire(e: WireError): InternalError {
  const error = new Error(e.message);
  error.stack = e.stack;
  return { ruleId: e.ruleId, error };
}

/** Lints one file with the rules that govern it. */
async function lintJob(root: string, preset: Preset, job: LintJob): Promise<LintOutcome> {
  const ruleSet = await resolveRuleSet(absPosix(root), absPosix(job.abs), diskHost, { preset });
  const result = lintText(job.text ?? fs.readFileSync(job.abs, 'utf8'), job.rel, activeRules(ruleSet), job.changed);
  return { findings: result.findings, internalErrors: result.internalErrors };
}

/** A worker thread's loop: lint each job the main thread posts, post the outcome back. */
async function serve(): Promise<void> {
  const { root, preset } = workerData as { root: string; preset: Preset };
  await initParserBesideBundle();
  const port = parentPort!;
  // One job at a time: the main thread posts the next only after this one's outcome.
  port.on('message', (job: LintJob) => {
    void lintJob(root, preset, job).then((r) =>
      port.postMessage({ findings: r.findings, internalErrors: r.internalErrors.map((e) => ({ ruleId: e.ruleId, message: e.error.message, stack: e.error.stack })) } satisfies WireOutcome),
    );
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | undefined)?.[WORKER]) void serve();
