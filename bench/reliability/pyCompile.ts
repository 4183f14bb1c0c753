import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'child_process';

/**
 * What `python3 -m py_compile` does to a file, for many sources in one python3 process:
 * `compile(source_bytes, name, 'exec', dont_inherit=True)` (py_compile calls the same
 * `source_to_code`, which decodes the bytes by their BOM or coding line and compiles them).
 * Each request is one JSON line; each answer one JSON line: null (compiles) or the error.
 */
const SERVER = String.raw`
import json, sys
for line in sys.stdin:
    req = json.loads(line)
    try:
        compile(req["source"].encode("utf-8", "surrogatepass"), req["name"], "exec", dont_inherit=True)
        out = None
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError, RecursionError, OverflowError) as e:
        where = f" (line {e.lineno})" if getattr(e, "lineno", None) else ""
        out = f"{type(e).__name__}: {getattr(e, 'msg', None) or e}{where}"
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
`;

export const PYTHON = process.env.MANTRA_PYTHON ?? 'python3';

/** A long-lived python3 that compiles sources; answers come back in request order. */
export class PyCompiler {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: ((answer: string | null) => void)[] = [];
  private buffer = '';
  private failed: Error | undefined;

  constructor() {
    this.proc = spawn(PYTHON, ['-c', SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(JSON.parse(line) as string | null);
      }
    });
    let stderr = '';
    this.proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    this.proc.on('error', (e) => (this.failed = e));
    this.proc.on('exit', (code) => {
      if (this.waiting.length) this.failed ??= new Error(`${PYTHON} exited (${code}) while compiling: ${stderr}`);
      for (const w of this.waiting.splice(0)) w(`internal: ${this.failed?.message}`);
    });
  }

  /** null when the source compiles, else the error python gives. */
  compile(source: string, name = '<fixed>'): Promise<string | null> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(JSON.stringify({ source, name }) + '\n');
    });
  }

  close(): void {
    this.proc.stdin.end();
  }
}

/** Whether python3 runs here (the tests that need it say so when it does not). */
export function pythonAvailable(): boolean {
  const r = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}
