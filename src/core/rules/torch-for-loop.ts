import { z } from 'zod';
import type { Range } from '../finding';
import type { Node } from '../parse/python';
import { callArguments, calledObject, capture, defineRule, methodCalls, type FileFacts } from '../rule';
import { parametersOf } from '../syntax';

/** Names of what a training, evaluation or data loop iterates, or counts. */
const DATA_NAME = /loader|batches|dataset|epoch/i;
/** Counts of a training loop: `range(epochs)`, `range(num_epochs)`, `range(n_steps)`, `range(max_iters)`. */
const COUNT_NAME = /epoch|steps?$|^(?:n|num|max|total)_?(?:iters?|iterations|updates|rounds|trials|runs|samples_to_draw)$|^iters?$|^iterations$|^(?:n|num)_?(?:warmup|train)\w*$/i;
/** Loop targets of training loops. */
const TRAIN_TARGET = /^(?:epoch|ep|step|global_step|iteration|it|itr|batch|batch_idx|batch_i|batch_id)$/;
/** Containers of modules and parameters: `self.layers`, `model.children()`, `named_parameters()`. */
const MODULE_NAME = /(?:^|_)(?:layers?|blocks?|modules?|children|heads|stages|convs?|experts|parameters|params|buffers|encoders?|decoders?|submodules|models?|optimizers?|param_groups|hooks|transforms|towers|branches|levels)$|^named_|state_dict/i;
/** Methods a training loop calls. */
const TRAIN_CALLS = new Set(['backward', 'step', 'zero_grad']);
/** `torch.*` functions that return something other than one tensor (tuples, devices, modules, files). */
const NOT_ONE_TENSOR = new Set([
  'load', 'save', 'device', 'dtype', 'split', 'chunk', 'unbind', 'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'meshgrid',
  'broadcast_tensors', 'where', 'nonzero', 'sort', 'topk', 'max', 'min', 'median', 'nanmedian', 'mode', 'kthvalue', 'unique',
  'unique_consecutive', 'svd', 'eig', 'eigh', 'qr', 'lu', 'slogdet', 'std_mean', 'var_mean', 'aminmax', 'histogram', 'frexp',
  'lstsq', 'cummax', 'cummin', 'no_grad', 'enable_grad', 'inference_mode', 'set_grad_enabled', 'manual_seed', 'seed',
  'compile', 'get_default_dtype', 'get_rng_state', 'set_rng_state', 'is_tensor', 'is_floating_point', 'numel', 'typename',
  'broadcast_shapes', 'autocast', 'finfo', 'iinfo', 'empty_like_strided', 'jit', 'vmap', 'func', 'sym_int', 'sym_float',
]);
/** Tensor methods whose result is again one tensor. */
const TENSOR_METHODS = new Set([
  'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'long', 'int', 'bool', 'byte', 'view', 'reshape', 'permute',
  'transpose', 'contiguous', 'detach', 'clone', 'squeeze', 'unsqueeze', 'flatten', 't', 'abs', 'exp', 'log', 'sqrt',
  'softmax', 'log_softmax', 'sigmoid', 'tanh', 'relu', 'expand', 'expand_as', 'repeat', 'type', 'type_as', 'mean', 'sum',
  'norm', 'requires_grad_', 'flip', 'roll', 'masked_fill', 'clamp', 'matmul', 'mm', 'bmm', 'argmax', 'argmin', 'cumsum',
]);
/** Type annotations of one tensor: `Tensor`, `torch.FloatTensor`, `Float[Tensor, "b d"]`, `TensorType[...]`. */
const TENSOR_ANNOTATION = /^(?:torch\.)?(?:cuda\.)?(?:\w*Tensor)$|^(?:jaxtyping\.|jt\.)?(?:Float|Int|UInt|Bool|Complex|Real|Num|Shaped|Integer|Inexact|BFloat|Key)\d*\[\s*(?:torch\.)?Tensor\s*,|^(?:torchtyping\.)?TensorType\[/;
/** Reductions of many tensors into one: the end of an accumulate-then-stack loop. */
const STACKERS = ['stack', 'cat', 'concat', 'concatenate', 'vstack', 'hstack', 'row_stack', 'column_stack', 'dstack'];

type Kind = 'tensor' | 'list' | 'unknown';

/** The function (or module) whose names a node reads. */
function scopeOf(node: Node, facts: FileFacts): Node {
  return facts.enclosingDefinitions(node).find((d) => d.type === 'function_definition') ?? node.tree.rootNode;
}

const NESTED_SCOPES = ['function_definition', 'lambda', 'class_definition'];

/**
 * The nodes of `type` in `scope` itself, not in a function, lambda or class nested in it, in
 * order: one walk of the scope, nested scopes told apart by their spans (not `node.parent`).
 */
function ownDescendants(scope: Node, type: string): Node[] {
  const out: Node[] = [];
  let nestedEnd = -1;
  for (const n of scope.descendantsOfType([type, ...NESTED_SCOPES])) {
    if (!n || n.id === scope.id || n.startIndex < nestedEnd) continue;
    if (n.type === type) out.push(n);
    else nestedEnd = n.endIndex;
  }
  return out;
}

/** Per-scope index of assignments and `.append` calls, built once per scope per file. */
class Scopes {
  private readonly assignments = new Map<number, Node[]>();
  private readonly appends = new Map<number, Node[]>();
  private readonly tensors = new Map<number, boolean>();
  private readonly shapes = new Map<number, boolean>();

  /** Whether a scope's text can give a name a tensor (a `torch.*` call, a `Tensor` annotation): spares the others a walk. */
  mayHoldTensors(scope: Node): boolean {
    let may = this.tensors.get(scope.id);
    if (may === undefined) this.tensors.set(scope.id, (may = /\btorch\.[\w.]+\(|Tensor\b/.test(scope.text)));
    return may;
  }

  /** Whether a scope reads a shape (`.shape`, `.size(`) that a name could be unpacked from. */
  mayReadShapes(scope: Node): boolean {
    let may = this.shapes.get(scope.id);
    if (may === undefined) this.shapes.set(scope.id, (may = /\.shape\b|\.size\(/.test(scope.text)));
    return may;
  }

  assignmentsIn(scope: Node): Node[] {
    let list = this.assignments.get(scope.id);
    if (!list) this.assignments.set(scope.id, (list = ownDescendants(scope, 'assignment')));
    return list;
  }

  /** `name.append(…)` / `name.extend(…)` calls of a scope, as the call nodes. */
  appendsIn(scope: Node): Node[] {
    let list = this.appends.get(scope.id);
    if (!list) {
      list = ownDescendants(scope, 'call').filter((n) => {
        const fn = n.childForFieldName('function');
        return fn?.type === 'attribute' && fn.childForFieldName('object')?.type === 'identifier' && /^(?:append|extend|insert)$/.test(fn.childForFieldName('attribute')?.text ?? '');
      });
      this.appends.set(scope.id, list);
    }
    return list;
  }

  /** The value last assigned to `name` in `scope` before `offset` (a plain `name = value`). */
  lastValue(name: string, scope: Node, offset: number): Node | undefined {
    let found: Node | undefined;
    for (const a of this.assignmentsIn(scope)) {
      if (a.endIndex > offset) break;
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier' && left.text === name) found = a.childForFieldName('right') ?? undefined;
      else if (left && left.type !== 'identifier' && left.descendantsOfType('identifier').some((n) => n?.text === name)) found = undefined;
    }
    return found;
  }

  /** What `name` holds at `offset` in `scope`: a tensor (annotated or from `torch.*`), a list, or unknown. */
  kindOfName(name: string, scope: Node, offset: number, depth = 0): Kind {
    if (!this.mayHoldTensors(scope)) return 'unknown';
    const value = this.lastValue(name, scope, offset);
    if (value) return this.kindOfValue(value, scope, depth);
    if (scope.type === 'function_definition') {
      const param = parametersOf(scope).find((p) => p.name === name);
      if (param?.annotation) {
        const ann = param.annotation.text.replace(/\s+/g, ' ').trim();
        if (TENSOR_ANNOTATION.test(ann)) return 'tensor';
        if (/^(?:typing\.)?(?:List|list|Sequence|Tuple|tuple|Iterable|Dict|dict|str|Set|set)\b/.test(ann)) return 'list';
      }
    }
    return 'unknown';
  }

  kindOfValue(value: Node, scope: Node, depth = 0): Kind {
    switch (value.type) {
      case 'list':
      case 'list_comprehension':
      case 'dictionary':
      case 'dictionary_comprehension':
      case 'set':
      case 'set_comprehension':
      case 'string':
      case 'concatenated_string':
      case 'tuple':
        return 'list';
      case 'identifier':
        return depth < 3 ? this.kindOfName(value.text, scope, value.startIndex, depth + 1) : 'unknown';
      case 'call': {
        const fn = value.childForFieldName('function');
        if (!fn) return 'unknown';
        if (fn.type === 'identifier' && /^(?:list|dict|tuple|set|sorted|zip|enumerate|range|str|reversed)$/.test(fn.text)) return 'list';
        if (isTorchTensorCall(fn)) return 'tensor';
        if (fn.type === 'attribute') {
          const method = fn.childForFieldName('attribute')?.text ?? '';
          if (/^(?:split|splitlines|keys|values|items|tolist|readlines)$/.test(method)) return 'list';
          const receiver = fn.childForFieldName('object');
          if (receiver && TENSOR_METHODS.has(method) && depth < 3) return this.kindOfValue(receiver, scope, depth + 1) === 'tensor' ? 'tensor' : 'unknown';
        }
        return 'unknown';
      }
      default:
        return 'unknown';
    }
  }
}

/** Whether a call's function is `torch.f` (or `torch.linalg.f`, `torch.fft.f`, `torch.special.f`) returning one tensor. */
function isTorchTensorCall(fn: Node): boolean {
  const m = /^torch\.(?:(?:linalg|fft|special|nn\.functional)\.)?(\w+)$/.exec(fn.text);
  if (!m) return false;
  const name = m[1];
  if (/^[A-Z]/.test(name)) return /Tensor$/.test(name);
  return !NOT_ONE_TENSOR.has(name) && !/^(?:is_|get_|set_|use_|cuda|backends|distributed|utils|_)/.test(name);
}

/** Every name (identifiers, attribute names) an expression mentions. */
function namesIn(node: Node): string[] {
  return node.descendantsOfType('identifier').filter((n): n is Node => !!n).map((n) => n.text);
}

/** Whether a loop is a training, evaluation, data or module loop, which this rule leaves alone. */
function isTrainingDataOrModuleLoop(iter: Node, target: Node, body: Node): boolean {
  if (namesIn(target).some((n) => TRAIN_TARGET.test(n))) return true;
  const names = iter.type === 'identifier' ? [iter.text] : namesIn(iter);
  if (names.some((n) => DATA_NAME.test(n) || MODULE_NAME.test(n))) return true;
  if (iter.type === 'call') {
    const fn = iter.childForFieldName('function');
    const args = iter.childForFieldName('arguments');
    if (fn?.text === 'range' && args) {
      if (namesIn(args).some((n) => COUNT_NAME.test(n))) return true;
      if (args.namedChildren.length >= 3) return true; // `range(0, n, bs)`: chunked processing, for memory
    }
    // `x.split(1024)`, `torch.chunk(x, 8)`: chunking for memory, not per-element work.
    if (/(?:^|\.)(?:split|chunk|tensor_split|batched|iter_batches)$/.test(fn?.text ?? '')) return true;
  }
  // A generator hands out one item at a time (a sampler, a stream): nothing to batch.
  if (body.descendantsOfType(['yield']).length) return true;
  if (showsEachItem(body, namesIn(target))) return true;
  return body.descendantsOfType('call').some((c) => {
    const fn = c?.childForFieldName('function');
    if (!fn) return false;
    const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? fn.text : undefined;
    return !!name && TRAIN_CALLS.has(name) && (fn.type === 'attribute' || name !== 'step');
  });
}

/** Calls that turn a value into text: printing, formatting, logging. */
const PYTHON_LEVEL = /^(?:print|str|repr|format|write|info|debug|warning|warn|log|append_row|add_row)$/;

/**
 * Whether a loop hands each item to Python-level code (`print(row)`, `"{}".format(v)`,
 * `f"{v}"`): display and serialization, which no tensor op replaces.
 */
function showsEachItem(body: Node, targets: string[]): boolean {
  if (!targets.length) return false;
  for (const c of body.descendantsOfType(['call', 'interpolation'])) {
    if (!c) continue;
    if (c.type === 'interpolation') {
      if (namesIn(c).some((n) => targets.includes(n))) return true;
      continue;
    }
    const fn = c.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (!name || !PYTHON_LEVEL.test(name)) continue;
    const reads = [c.childForFieldName('arguments'), fn?.type === 'attribute' ? fn.childForFieldName('object') : null];
    if (reads.some((r) => r && (r.type === 'identifier' ? targets.includes(r.text) : namesIn(r).some((n) => targets.includes(n))))) return true;
  }
  return false;
}

/**
 * Whether iterations depend on each other, which no tensor op can batch: `h = cell(x[:, t], h)`
 * (a name reassigned from a call that reads it) or `y[i] = y[i - 1] * a` (an index `i - k`).
 */
function isRecurrent(body: Node, index: string | undefined): boolean {
  for (const a of body.descendantsOfType('assignment')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!left || !right) continue;
    const targets = left.type === 'identifier' ? [left.text] : left.type === 'pattern_list' || left.type === 'tuple_pattern' ? namesIn(left) : [];
    if (targets.length && right.descendantsOfType('call').length && namesIn(right).some((n) => targets.includes(n))) return true;
  }
  if (index) {
    for (const op of body.descendantsOfType('binary_operator')) {
      if (!op || op.parent?.type === 'binary_operator') continue;
      const l = op.childForFieldName('left');
      const operator = op.childForFieldName('operator')?.text;
      if (l?.text === index && (operator === '-' || operator === '+') && op.parent && /subscript|slice/.test(op.parent.type)) return true;
    }
  }
  return false;
}

/** The stop expression of `range(stop)` / `range(start, stop)`, or undefined. */
function rangeStop(iter: Node): Node | undefined {
  if (iter.type !== 'call' || iter.childForFieldName('function')?.text !== 'range') return undefined;
  const args = iter.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (args.length < 1 || args.length > 2 || args.some((a) => a.type === 'keyword_argument')) return undefined;
  return args[args.length - 1];
}

/** Whether an expression is `t.shape[k]`, `t.size(k)`, `t.size()[k]` or `t.numel()`: a tensor's extent. */
function tensorExtent(expr: Node): Node | undefined {
  if (expr.type === 'subscript') {
    const value = expr.childForFieldName('value');
    if (value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'shape') return value.childForFieldName('object') ?? undefined;
    if (value?.type === 'call') {
      const fn = value.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'size') return fn.childForFieldName('object') ?? undefined;
    }
  }
  if (expr.type === 'call') {
    const fn = expr.childForFieldName('function');
    const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'size' && args.length === 1) return fn.childForFieldName('object') ?? undefined;
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'numel' && args.length === 0) return fn.childForFieldName('object') ?? undefined;
  }
  return undefined;
}

/** The tensor whose shape `name` was taken from (`B, T, D = x.shape`, `B = x.size(0)`, `N, C = x.shape[:2]`), if any. */
function shapeSource(name: string, scope: Node, offset: number, scopes: Scopes): Node | undefined {
  if (!scopes.mayReadShapes(scope)) return undefined;
  let found: Node | undefined;
  for (const a of scopes.assignmentsIn(scope)) {
    if (a.endIndex > offset) break;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'identifier' && left.text === name) found = tensorExtent(right);
    else if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && namesIn(left).includes(name)) {
      const src = right.type === 'subscript' ? right.childForFieldName('value') : right;
      found = undefined;
      if (src?.type === 'attribute' && src.childForFieldName('attribute')?.text === 'shape') found = src.childForFieldName('object') ?? undefined;
      else if (src?.type === 'call' && src.childForFieldName('function')?.type === 'attribute' && src.childForFieldName('function')?.childForFieldName('attribute')?.text === 'size') {
        found = src.childForFieldName('function')?.childForFieldName('object') ?? undefined;
      }
    }
  }
  return found;
}

/** The subscripts of a loop body indexed with `index` (`x[i]`, `x[:, i]`, `x[i, j + 1]`), as their values. */
function indexedWith(body: Node, index: string): Node[] {
  const out: Node[] = [];
  for (const s of body.descendantsOfType('subscript')) {
    if (!s) continue;
    const subs = s.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    if (subs.some((sub) => (sub.type === 'identifier' ? sub.text === index : namesIn(sub).includes(index)))) {
      const value = s.childForFieldName('value');
      if (value) out.push(value);
    }
  }
  return out;
}

/** Code shown in a message, cut to a readable length. */
const short = (code: string) => (code.length > 30 ? `${code.slice(0, 29)}…` : code).replace(/\s+/g, ' ');

/**
 * Whether an appended value is made by a `torch.*` call from the loop's item (`torch.cat([seq,
 * pad])` where `pad` is computed in the loop): per-item tensor work that one batched op does.
 */
function buildsWithTorch(appended: Node, loop: Node, loopNames: string[]): boolean {
  const perItem = new Set(loopNames);
  for (const a of loop.childForFieldName('body')?.descendantsOfType('assignment') ?? []) {
    const left = a?.childForFieldName('left');
    if (left) for (const n of left.type === 'identifier' ? [left.text] : namesIn(left)) perItem.add(n);
  }
  const calls = appended.descendantsOfType('call').filter((c): c is Node => !!c && /^torch\.(?:nn\.functional\.)?\w+$/.test(c.childForFieldName('function')?.text ?? ''));
  return calls.some((c) => namesIn(c.childForFieldName('arguments')!).some((n) => perItem.has(n)));
}

/** The `for … in …` header of a loop, up to its colon. */
function headerRange(loop: Node): Range {
  const colon = loop.children.find((c) => c?.type === ':');
  const end = colon ? colon.endPosition : loop.startPosition;
  return { start: { line: loop.startPosition.row, character: loop.startPosition.column }, end: { line: end.row, character: end.column } };
}

/**
 * What it does: in a file that imports torch, flags Python loops that work on a tensor one
 * element at a time (the `for … in …` header; one finding per loop nest, on the outer loop):
 * - `for i in range(t.shape[k])`, `range(t.size(k))`, `range(t.size()[k])`, `range(t.numel())`,
 *   `range(N)` with `N, … = t.shape` or `N = t.size(0)`, and `range(len(t))` when `t` is a known
 *   tensor (or the body indexes one), whose body indexes something with `i`;
 * - `for row in t` (also `enumerate(t)`, `zip(t, …)`, `for v in torch.arange(n)`) over a known
 *   tensor: a parameter annotated `Tensor` (`torch.FloatTensor`, `Float[Tensor, "b d"]`), or a
 *   name last assigned from a `torch.*` call (through `.to()`, `.float()`, …) in the function;
 * - a list appended in a loop that counts or walks a tensor (or appends `x[i]`, or a `torch.*`
 *   call on the item, like `torch.cat([seq, pad])`), then passed to `torch.stack` / `torch.cat`:
 *   the message asks for the one batched op instead. Not a loop over a list of objects that
 *   appends what each computes (`for c in constraints: out.append(c.check(v))`).
 * A "known tensor" is what the function itself shows; `len(x)` of an unknown `x` is most often a
 * list, so it is left alone.
 * Not flagged: training, evaluation and data loops (the body calls `.backward()`, `.step()`,
 * `zero_grad()`; the loop iterates a loader, batches or a dataset, or counts epochs or steps),
 * loops over modules and parameters (`self.layers`, `range(len(self.blocks))`, `children()`,
 * `named_parameters()`), chunked loops (`range(0, n, bs)`, `x.split(k)`), generators (`yield`),
 * loops over dimensions (`range(x.dim())`, `range(len(x.shape))`), and recurrences that no tensor
 * op can batch (`h = cell(x[:, t], h)`, `y[i] = y[i - 1] …`).
 * Why: the guideline asks to vectorize torch code; a Python loop over elements is slow and hides
 * the tensor algebra. No fix: the vectorized form needs the author.
 */
export default defineRule({
  meta: {
    id: 'torch-for-loop',
    category: 'vectorize',
    guideline: 'In torch code, avoid for loops: vectorize.',
    defaultSeverity: 'warning',
    description: 'Flags Python loops over tensor elements and append-then-stack loops in torch code.',
    phrases: { avoid: [/\bfor[\s-]*loops?\b(?!\s+(?:over|across|through)\s+(?:the\s+)?(?:api|http|requests?|urls?|endpoints?|files?)\b)/i, /\bpython\s+loops?\b/i, /\bloops?\s+over\s+(?:tensors?|elements|rows|the\s+batch)/i], require: [/\bvectori[sz]/i] },
    fixable: false,
    example: {
      flagged: 'import torch\n\ndef norms(x: torch.Tensor) -> torch.Tensor:\n    out = []\n    for i in range(x.shape[0]):\n        out.append(x[i].norm())\n    return torch.stack(out)\n',
      fixed: 'import torch\n\ndef norms(x: torch.Tensor) -> torch.Tensor:\n    return x.norm(dim=1)\n',
    },
  },
  options: z.object({}).strict(),
  query: [
    '(for_statement left: (_) @target right: (_) @iter body: (block) @body) @for',
    methodCalls(STACKERS),
  ].join('\n'),
  check(ctx) {
    if (!ctx.facts.importsTorch) return;
    const scopes = new Scopes();
    const findings = new Map<number, { loop: Node; message: string; priority: number }>();
    const exempt = new Map<number, boolean>();
    const isExempt = (loop: Node): boolean => {
      let e = exempt.get(loop.id);
      if (e === undefined) {
        const iter = loop.childForFieldName('right')!;
        const target = loop.childForFieldName('left')!;
        const body = loop.childForFieldName('body')!;
        exempt.set(loop.id, (e = isTrainingDataOrModuleLoop(iter, target, body)));
      }
      return e;
    };
    const flag = (loop: Node, message: string, priority: number) => {
      const prev = findings.get(loop.id);
      if (!prev || prev.priority < priority) findings.set(loop.id, { loop, message, priority });
    };

    for (const m of ctx.matches) {
      const loop = capture(m, 'for');
      if (loop) {
        const iter = capture(m, 'iter')!;
        const target = capture(m, 'target')!;
        const body = capture(m, 'body')!;
        const scope = scopeOf(loop, ctx.facts);
        const at = loop.startIndex;
        const kindOf = (n: Node): Kind => (n.type === 'identifier' ? scopes.kindOfName(n.text, scope, at) : n.type === 'call' ? scopes.kindOfValue(n, scope) : 'unknown');

        // for i in range(len(t)) / range(t.shape[k]) / range(t.size(k)) / range(N) with N from t.shape
        const stop = rangeStop(iter);
        if (stop && target.type === 'identifier') {
          const index = target.text;
          let source: string | undefined;
          let known = true;
          const extentOf = tensorExtent(stop);
          if (extentOf) source = extentOf.text;
          else if (stop.type === 'identifier') source = shapeSource(stop.text, scope, at, scopes)?.text;
          else if (stop.type === 'call' && stop.childForFieldName('function')?.text === 'len') {
            const arg = stop.childForFieldName('arguments')?.namedChild(0);
            // `len(x.shape)`, `len(x.size())`: a loop over dimensions, not elements.
            if (arg && !/(?:\.shape|\.size\(\)|\.dim\(\))$/.test(arg.text)) {
              source = arg.text;
              known = kindOf(arg) === 'tensor';
            }
          }
          if (source !== undefined) {
            const indexed = indexedWith(body, index).filter((v) => !namesIn(v).some((n) => MODULE_NAME.test(n)) && kindOf(v) !== 'list');
            // `len(x)` of an unknown `x` is most often a list: flag only when a known tensor is indexed.
            if (indexed.length && (known || indexed.some((v) => kindOf(v) === 'tensor')) && !isExempt(loop) && !isRecurrent(body, index)) {
              flag(loop, `for-loop over ${short(iter.text)} handles one element of '${short(source)}' per iteration: use one batched tensor op over that dimension`, 1);
            }
          }
        }

        // for row in t / enumerate(t) / zip(t, …) / torch.*(…)
        let over: Node | undefined = iter;
        if (iter.type === 'call' && /^(?:enumerate|zip|reversed)$/.test(iter.childForFieldName('function')?.text ?? '')) {
          over = iter.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type === 'identifier' && kindOf(a) === 'tensor') ?? undefined;
        }
        if (over && (over.type === 'identifier' || over.type === 'call') && kindOf(over) === 'tensor' && !isExempt(loop) && !isRecurrent(body, undefined)) {
          flag(loop, `for-loop over the rows of tensor '${short(over.text)}': use one batched tensor op instead of a Python loop`, 2);
        }
        continue;
      }

      // A list appended in a loop, then passed to torch.stack / torch.cat.
      const stack = capture(m, 'call');
      const args = stack && callArguments(stack);
      const object = stack && calledObject(stack);
      if (!stack || args?.type !== 'argument_list' || object?.type !== 'identifier' || object.text !== 'torch') continue;
      const first = args.namedChildren.find((a) => a && (a.type !== 'keyword_argument' || a.childForFieldName('name')?.text === 'tensors'));
      const list = first?.type === 'keyword_argument' ? first.childForFieldName('value') : first;
      if (!list || list.type !== 'identifier') continue;
      const scope = scopeOf(stack, ctx.facts);
      const init = scopes.assignmentsIn(scope).filter((a) => a.endIndex <= stack.startIndex && a.childForFieldName('left')?.text === list.text).pop();
      const initValue = init?.childForFieldName('right');
      if (!init || !initValue || !(initValue.text === '[]' || initValue.text === 'list()')) continue;
      let accumulating: Node | undefined;
      let appended: Node | undefined;
      const loopNames: string[] = [];
      for (const call of scopes.appendsIn(scope)) {
        if (call.startIndex < init.endIndex || call.startIndex > stack.startIndex) continue;
        if (call.childForFieldName('function')?.childForFieldName('object')?.text !== list.text) continue;
        // The outermost loop between the list's creation and the stack that holds the append.
        for (let p = call.parent; p && p.id !== scope.id; p = p.parent) {
          if (p.type === 'for_statement' && p.startIndex > init.endIndex && p.endIndex <= stack.startIndex) {
            accumulating = p;
            loopNames.push(...namesIn(p.childForFieldName('left')!));
          }
        }
        if (accumulating) {
          appended = call.childForFieldName('arguments')?.namedChild(0) ?? undefined;
          break;
        }
      }
      if (!accumulating || !appended) continue;
      // Per-item work on a tensor: the loop counts (`range(…)`) or walks a known tensor, or the
      // appended value indexes with the loop variable. A loop over a list of objects
      // (`for c in constraints: out.append(c.check(v))`) has nothing to batch.
      const iter = accumulating.childForFieldName('right')!;
      const over = iter.type === 'call' && /^(?:enumerate|zip|reversed)$/.test(iter.childForFieldName('function')?.text ?? '') ? iter.childForFieldName('arguments')?.namedChildren ?? [] : [iter];
      const perItem =
        rangeStop(iter) !== undefined ||
        over.some((o) => !!o && (o.type === 'identifier' || o.type === 'call') && (o.type === 'identifier' ? scopes.kindOfName(o.text, scope, accumulating!.startIndex) : scopes.kindOfValue(o, scope)) === 'tensor') ||
        loopNames.some((n) => indexedWith(appended!, n).length > 0) ||
        buildsWithTorch(appended, accumulating, loopNames);
      if (!perItem || isExempt(accumulating) || isRecurrent(accumulating.childForFieldName('body')!, undefined)) continue;
      const fn = capture(m, 'method')!.text;
      flag(accumulating, `'${list.text}' is appended per item then passed to torch.${fn}: build the tensor in one batched op instead of stacking per-item results`, 3);
    }
    for (const { loop, message } of [...findings.values()].sort((a, b) => a.loop.startIndex - b.loop.startIndex)) {
      // One finding per loop nest: a loop inside a flagged loop is part of the same rewrite.
      let outer = false;
      for (let p = loop.parent; p && !outer; p = p.parent) outer = p.type === 'for_statement' && findings.has(p.id);
      if (!outer) ctx.report({ range: headerRange(loop), message });
    }
  },
});
