import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as v8 from 'node:v8';
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

/**
 * How much a heap may grow past what it held after its last full collection, in percent. An
 * audit keeps every file's findings to its end, and V8 lets a heap grow to several times what it
 * holds before a full collection (the main thread's to 110 MB over 28 MB live on the PyTorch
 * corpus): growing by half, the peak RSS of `--jobs 2` went from 290-302 to 252-258 MB, for 35 ms
 * more of collection. V8 reads the flag at each full collection, so it holds for the heaps
 * already made, the workers' included.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * V8's interrupt budget (bytecode executed between profiler ticks): eight times V8's 67,584, so
 * a function is optimized only once it has run eight times as long. An audit is a batch of a
 * few seconds per thread: the default compiled 319 functions in 3.9 s of compiler time on the
 * PyTorch corpus, 1.6 s of it recompiling functions whose type feedback was still growing, and
 * every lint thread pays that again for its own isolate. At eight times: 141 compiles, 1.1 s;
 * the one-thread audit spent 6% less CPU, the two-thread one 11% less (five rounds, in turn).
 */
const INTERRUPT_BUDGET = 8 * 67_584;

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

/** A file waiting for a thread, or being linted by one. */
interface Task {
  job: LintJob;
  resolve(outcome: LintOutcome): void;
  reject(error: unknown): void;
}

/** A worker thread and the files handed to it, by the id they were posted with. */
interface Slot {
  worker: Worker;
  online: boolean;
  tasks: Map<number, Task>;
}

/**
 * Files a worker holds at once: the one it lints and the next, so it need not wait for the main
 * thread, which lints files of its own between handing them out.
 */
const WORKER_BACKLOG = 2;

/**
 * Lints Python files on `threads` threads: this one and `threads - 1` workers (each worker
 * resolves the rule set of its files from the guideline files on disk, as this thread does). This
 * thread lints too, as a worker costs its start and runs slower (its heap is capped): the workers
 * take the waiting files from the front (the caller hands the largest first), this thread from
 * the back, and it leaves the last one for each worker. The workers start with the first file, so
 * an audit served from the cache starts none. `close` stops them.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  /** How many files each thread linted: this one first, then each worker. */
  readonly linted: number[];
  /** Whether this thread is working through the queue. */
  private draining = false;

  constructor(
    private readonly root: string,
    private readonly preset: Preset,
    private readonly threads: number,
  ) {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    this.linted = new Array<number>(threads).fill(0);
  }

  /** The findings of one file. */
  async lint(job: LintJob): Promise<LintOutcome> {
    return new Promise<LintOutcome>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.slots.length === 0 && this.threads > 1) this.start();
      this.pump();
      if (!this.draining) void this.drain();
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /**
   * Lints waiting files on this thread, one at a time, until none waits but one for each worker:
   * alone in the order given; beside workers from the back (the smallest), as the largest tree
   * grows a thread's WASM memory for good, and this thread's heap is not capped.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > this.slots.length) {
      const task = this.slots.length > 0 ? this.queue.pop()! : this.queue.shift()!;
      try {
        await initParserBesideBundle();
        task.resolve(await lintJob(this.root, this.preset, task.job));
        this.linted[0]!++;
      } catch (e) {
        task.reject(e);
      }
      // A macrotask turn, so the workers' messages (and their start) are handled between this thread's files.
      if (this.slots.length > 0) await new Promise((resume) => setImmediate(resume));
    }
    this.draining = false;
  }

  private start(): void {
    for (let i = 1; i < this.threads; i++) {
      // The old-generation cap makes V8 collect before a worker's heap balloons. The young generation is
      // left as V8 sizes it: capped at 8 MB, `--jobs 2` on 1,214 files ran 3-5% slower for 25-35 MB less peak.
      const worker = new Worker(__filename, {
        workerData: { [WORKER]: true, root: this.root, preset: this.preset },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      const slot: Slot = { worker, online: false, tasks: new Map() };
      worker.on('online', () => {
        slot.online = true;
        this.pump();
      });
      worker.on('message', (m: WireOutcome) => {
        const task = slot.tasks.get(m.id)!;
        slot.tasks.delete(m.id);
        task.resolve({ findings: m.findings, internalErrors: m.internalErrors.map(fromWire) });
        this.linted[i]!++;
        this.pump();
      });
      worker.on('error', (e) => {
        // A worker that failed fails its files and every file still waiting: the audit stops with the error.
        for (const t of slot.tasks.values()) t.reject(e);
        slot.tasks.clear();
        for (const t of this.queue.splice(0)) t.reject(e);
      });
      this.slots.push(slot);
    }
  }

  /** Hands waiting files to workers with room for them. */
  private pump(): void {
    for (const slot of this.slots) {
      while (slot.online && slot.tasks.size < WORKER_BACKLOG && this.queue.length > 0) {
        const task = this.queue.shift()!;
        const id = this.nextId++;
        slot.tasks.set(id, task);
        const { abs, rel, text, changed } = task.job;
        // Thrown in an event handler, an error would escape the promise and kill the process.
        try {
          slot.worker.postMessage({ id, abs, rel, ...(text !== undefined ? { text } : {}), ...(changed ? { changed } : {}) } satisfies WireJob);
        } catch (e) {
          slot.tasks.delete(id);
          task.reject(e);
        }
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

/** A job as posted to a worker, and its outcome as posted back: the id pairs them. */
interface WireJob extends LintJob {
  id: number;
}

interface WireOutcome {
  id: number;
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
  // One job at a time, in the order posted.
  let last: Promise<unknown> = Promise.resolve();
  port.on('message', (job: WireJob) => {
    last = last.then(async () => {
      const r = await lintJob(root, preset, job);
      port.postMessage({ id: job.id, findings: r.findings, internalErrors: r.internalErrors.map((e) => ({ ruleId: e.ruleId, message: e.error.message, stack: e.error.stack })) } satisfies WireOutcome);
    });
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | undefined)?.[WORKER]) void serve();
