import { z } from 'zod';
import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { callArguments, capture, defineRule, FUNCTION_DEFINITIONS, nameCalls, type Match } from '../rule';
import { SpanForest, hasDecorator, indentOfLine, statementsOf, type DefinitionInfo, type Parameter } from '../syntax';
import { eolOf } from '../text';

/**
 * What it does: in a file that imports torch, flags a function whose tensor parameters have no
 * shape check; one finding at the function's name lists them. Tensor parameters: annotated
 * `Tensor`, `torch.*Tensor`, jaxtyping `Float[Tensor, "b t d"]` (optionally `Optional[…]`), or
 * unannotated but used as a tensor (`.shape`, `.view(`, `@`, `torch.*(x)`, `F.*(x)`) or documented
 * with a shape. A check: an assert (or `torch._assert`) reading `.shape`, `.ndim`, `.dim()` or
 * `.size(…)`; with `acceptRaise`, also `if …: raise` and `check(…)`-style helpers.
 * Not flagged: functions under `@jaxtyped`/`@typechecked`/`@beartype`, overloads and stubs.
 * Why: a wrong shape broadcasts silently; an assert at the top fails where the bug is, and
 * documents the shapes.
 * Fix: one assert per parameter after the docstring, from the shapes the author already wrote
 * (jaxtyping string, shape comment, docstring, a top-level `B, T, D = x.shape`): the full shape
 * when its names are in scope, else the rank; shared dim names add consistency asserts. Safe
 * when every shape is known; a snippet with tab stops (`${1:dims}`) otherwise.
 */

const options = z
  .object({
    /** Also infer tensor parameters from their use (`.shape`, `.view(`, `@`, `torch.*(x)`). */
    checkUnannotated: z.boolean().default(true),
    /** Skip functions whose name starts with one underscore (not dunders). */
    ignorePrivate: z.boolean().default(false),
    /**
     * Count `if <shape condition>: raise …` and check helpers (`_check(x.dim() == 2, …)`) as shape
     * checks; asserts and `torch._assert` always count.
     */
    acceptRaise: z.boolean().default(true),
  })
  .strict();

type Options = z.infer<typeof options>;

/** Decorators that check shapes at run time: the annotations are already enforced. */
const RUNTIME_CHECKERS = ['jaxtyped', 'typechecked', 'beartype'];
const SKIPPED_DECORATORS = ['overload'];
const SKIPPED_PARAMS = new Set(['self', 'cls']);

/** Attributes that read a shape: inside an assert they check it. */
const CHECK_ATTRS = new Set(['shape', 'ndim', 'dim', 'size', 'ndimension']);
/** Attributes that only a tensor (or array) has. */
const USE_PROPS = new Set(['shape', 'ndim']);
const USE_METHODS = new Set(['view', 'reshape', 'permute', 'transpose', 'unsqueeze', 'squeeze', 'dim', 'size', 'ndimension']);

/** `torch.*` functions whose first argument is not a tensor (factories, settings, utilities). */
const TORCH_NOT_TENSOR = new Set([
  'zeros', 'ones', 'empty', 'full', 'rand', 'randn', 'randint', 'randperm', 'arange', 'range', 'linspace', 'logspace',
  'eye', 'tensor', 'as_tensor', 'asarray', 'from_numpy', 'frombuffer', 'from_file', 'empty_strided', 'device', 'dtype',
  'manual_seed', 'seed', 'initial_seed', 'load', 'save', 'no_grad', 'enable_grad', 'inference_mode', 'autocast', 'compile',
  'vmap', 'cond', 'while_loop', 'sparse_coo_tensor', 'sparse_csr_tensor', 'sparse_csc_tensor', 'sparse_bsr_tensor',
  'sparse_bsc_tensor', 'sparse_compressed_tensor', 'finfo', 'iinfo', 'promote_types', 'can_cast', 'result_type', 'typename',
  'broadcast_shapes', 'tril_indices', 'triu_indices', 'hann_window', 'hamming_window', 'blackman_window',
  'bartlett_window', 'kaiser_window', 'compiled_with_cxx11_abi', 'chain_matmul',
]);
const TORCH_NOT_TENSOR_PREFIX = /^(?:_|set_|get_|is_|sym_|use_|has_|are_)/;
/** `torch.*` submodules whose functions take tensors like `torch.*` itself. */
const TENSOR_SUBMODULES = new Set(['linalg', 'fft', 'special']);
/** First argument is a sequence of tensors: the elements of a list/tuple literal are tensors. */
const SEQUENCE_FIRST = new Set(['cat', 'concat', 'concatenate', 'stack', 'hstack', 'vstack', 'dstack', 'column_stack', 'row_stack']);
/** Every positional argument is a tensor. */
const ALL_POSITIONAL = new Set(['block_diag', 'broadcast_tensors', 'cartesian_prod', 'atleast_1d', 'atleast_2d', 'atleast_3d']);
/** Positional arguments (0-based) that are tensors, where more than the first. */
const TENSOR_POSITIONS: Record<string, number[]> = {
  // torch.*
  matmul: [0, 1], mm: [0, 1], bmm: [0, 1], mv: [0, 1], dot: [0, 1], vdot: [0, 1], outer: [0, 1], ger: [0, 1], inner: [0, 1],
  kron: [0, 1], cross: [0, 1], tensordot: [0, 1], cdist: [0, 1], dist: [0, 1], equal: [0, 1], allclose: [0, 1], isclose: [0, 1],
  maximum: [0, 1], minimum: [0, 1], where: [0, 1], masked_select: [0, 1], searchsorted: [0, 1], bucketize: [0, 1],
  addmm: [0, 1, 2], baddbmm: [0, 1, 2], addbmm: [0, 1, 2], addmv: [0, 1, 2], addr: [0, 1, 2],
  // F.*
  linear: [0, 1, 2], bilinear: [0, 1, 2, 3], conv1d: [0, 1, 2], conv2d: [0, 1, 2], conv3d: [0, 1, 2],
  conv_transpose1d: [0, 1, 2], conv_transpose2d: [0, 1, 2], conv_transpose3d: [0, 1, 2], embedding: [0, 1], embedding_bag: [0, 1],
  prelu: [0, 1], grid_sample: [0, 1], scaled_dot_product_attention: [0, 1, 2, 3], cross_entropy: [0, 1], nll_loss: [0, 1],
  mse_loss: [0, 1], l1_loss: [0, 1], smooth_l1_loss: [0, 1], huber_loss: [0, 1], binary_cross_entropy: [0, 1],
  binary_cross_entropy_with_logits: [0, 1], kl_div: [0, 1], poisson_nll_loss: [0, 1], soft_margin_loss: [0, 1],
  multilabel_margin_loss: [0, 1], multilabel_soft_margin_loss: [0, 1], multi_margin_loss: [0, 1], hinge_embedding_loss: [0, 1],
  ctc_loss: [0, 1], cosine_similarity: [0, 1], pairwise_distance: [0, 1], cosine_embedding_loss: [0, 1, 2],
  margin_ranking_loss: [0, 1, 2], triplet_margin_loss: [0, 1, 2], gaussian_nll_loss: [0, 1, 2],
};
/** Keyword arguments of `torch.*` / `F.*` that take tensors. */
const TENSOR_KEYWORDS = new Set(['input', 'other', 'target', 'weight', 'bias', 'mask', 'attn_mask', 'key_padding_mask', 'query', 'key', 'value', 'tensor', 'index', 'src', 'mat1', 'mat2', 'vec', 'batch1', 'batch2']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

// ---------------------------------------------------------------------------------------------
// Dimensions

/** One dimension of a claimed shape. `anon` has a known position but no usable name. */
type Dim = { kind: 'name'; text: string } | { kind: 'int'; text: string } | { kind: 'anon' } | { kind: 'variadic' };

const DIM_STOPWORDS = new Set(['optional', 'default', 'required', 'tensor', 'tensors', 'int', 'float', 'bool', 'str', 'none', 'list', 'tuple', 'dict', 'array', 'ndarray', 'torch', 'any', 'see', 'ie', 'eg', 'or', 'and', 'of', 'the', 'a', 'an']);

/** A dimension token of a docstring or comment shape: `B`, `3`, `...`, `*`, `C_{in}`. */
function docDim(token: string): Dim | undefined {
  const t = token.trim().replace(/^`+|`+$/g, '');
  if (!t || /\s/.test(t)) return undefined;
  if (/^\d+$/.test(t)) return { kind: 'int', text: t };
  if (/^(?:\.\.\.|…|\*\w*)$/.test(t)) return { kind: 'variadic' };
  if (/^self\.[A-Za-z_]\w*$/.test(t)) return { kind: 'name', text: t };
  if (t.includes('.')) return undefined;
  if (/^[A-Za-z]\w*$/.test(t)) return DIM_STOPWORDS.has(t.toLowerCase()) ? undefined : { kind: 'name', text: t };
  return { kind: 'anon' };
}

/** The dims of a list of tokens; a lone token must look like a dimension, not a word. */
function dimList(tokens: string[], trailingComma: boolean): Dim[] | undefined {
  if (tokens.length === 1 && tokens[0].trim() === '') return trailingComma ? undefined : [];
  const dims: Dim[] = [];
  for (const token of tokens) {
    const d = docDim(token);
    if (!d) return undefined;
    dims.push(d);
  }
  if (dims.length === 1 && !trailingComma) {
    const only = tokens[0].trim();
    if (dims[0].kind === 'anon' || (dims[0].kind === 'name' && !(only.length <= 2 || /^[A-Z][A-Z0-9_]*$/.test(only)))) return undefined;
  }
  // `d_1, ..., d_K` names a run of dims: the names beside the ellipsis belong to it.
  const v = tokens.findIndex((t) => /^(?:\.\.\.|…)$/.test(t.trim()));
  if (v > 0 && v < dims.length - 1) {
    const [before, after] = [dims[v - 1], dims[v + 1]];
    const stem = (d: Dim) => (d.kind === 'name' ? d.text.replace(/_?(?:\d+|[A-Za-z])$/, '') : undefined);
    if (stem(before) && stem(before) === stem(after)) dims.splice(v - 1, 3, { kind: 'variadic' });
  }
  if (dims.filter((d) => d.kind === 'variadic').length > 1) return undefined;
  return dims;
}

/** A shape literal at the start of `s`: `(B, T, D)`, `[B, T]`, `` `(N, C)` ``, `B x T x D`. */
function shapeAt(s: string): Dim[] | undefined {
  const rest = s.replace(/^\s*(?::math:)?`{0,2}\s*/, '');
  const bracket = /^[([]([^()[\]]*)[)\]]/.exec(rest);
  if (bracket) {
    const inner = bracket[1].trim();
    const trailingComma = /,\s*$/.test(inner);
    const body = trailingComma ? inner.replace(/,\s*$/, '') : inner;
    if (!body.includes(',') && /\s[x×]\s|×/.test(body)) return dimList(body.split(/\s*×\s*|\s+x\s+/), false);
    return dimList(body.split(','), trailingComma);
  }
  const times = /^(\w+(?:\s*×\s*\w+|\s+x\s+\w+)+)(?![\w(])/.exec(rest);
  if (times) return dimList(times[1].split(/\s*×\s*|\s+x\s+/), false);
  return undefined;
}

/** A shape claimed in free text: at its start (after an optional type word) or after "shape". */
function shapeInText(s: string, atStartOnly = false, lenient = false): Dim[] | undefined {
  const lead = /^\s*(?:(?:torch\.)?\w*Tensor|tensor|array)?\s*(?:(?:of\s+)?shape\b\s*(?:is\s*|=\s*|:\s*)?)?/i.exec(s)![0];
  let dims = shapeAt(s.slice(lead.length));
  if (!dims && !atStartOnly) {
    const m = /\bshape\b\s*(?:of\s+|is\s+|=\s*|:\s*)?/i.exec(s);
    if (m) dims = shapeAt(s.slice(m.index + m[0].length));
  }
  if (!dims || otherShape(s, dims)) return undefined;
  // `(x, y)` reads as a pair of coordinates; single lowercase letters need the word "shape".
  const names = dims.flatMap((d) => (d.kind === 'name' ? [d.text] : []));
  if (!lenient && !/\bshape\b/i.test(s) && dims.length > 0 && dims.every((d) => d.kind === 'int')) return undefined; // `pad: (1, 2)` is a value
  if (names.length > 0 && names.length === dims.length) {
    if (names.every((n) => /^[xyz]$/.test(n))) return undefined;
    if (!lenient && !/\bshape\b/i.test(s) && names.every((n) => /^[a-z]$/.test(n))) return undefined;
  }
  return dims;
}

const dimsKey = (dims: Dim[]) => dims.map((d) => (d.kind === 'name' || d.kind === 'int' ? d.text : d.kind)).join(',');

/** Whether a text also shows a different shape (`(T, N, C)` or `(T, C)`): then the claim is ambiguous. */
function otherShape(s: string, dims: Dim[]): boolean {
  if (/[)\]]`*\s*,?\s*or\s+(?::math:)?`*\s*[([]/.test(s)) return true;
  const key = dimsKey(dims);
  for (const m of s.matchAll(/[([][^()[\]]*[)\]]/g)) {
    const other = shapeAt(m[0]);
    if (other && dimsKey(other) !== key) return true;
  }
  return false;
}

/** The dims of a jaxtyping shape string: `"b t d"`, `"*batch 3"`, `"... d"`, `""`. */
function jaxtypingDims(spec: string): Dim[] | undefined {
  const tokens = spec.trim().split(/\s+/).filter(Boolean);
  const dims: Dim[] = [];
  for (const t of tokens) {
    if (t === '...' || t.startsWith('*')) dims.push({ kind: 'variadic' });
    else if (/^\d+$/.test(t)) dims.push({ kind: 'int', text: t });
    else if (/^[A-Za-z]\w*$/.test(t)) dims.push({ kind: 'name', text: t });
    else dims.push({ kind: 'anon' }); // `_`, `#b` (may broadcast), `dim-1`, `c=3`
  }
  if (dims.filter((d) => d.kind === 'variadic').length > 1) return undefined;
  return dims;
}

// ---------------------------------------------------------------------------------------------
// Annotations

/** Splits at top-level `sep` (outside brackets and quotes). */
function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === sep && depth === 0) {
      parts.push(s.slice(last, i).trim());
      last = i + 1;
    }
  }
  parts.push(s.slice(last).trim());
  return parts;
}

interface TensorType {
  optional: boolean;
  /** The claimed dims; undefined when the annotation claims none. */
  dims?: Dim[];
}

const TENSOR_NAME = /^(?:torch\.(?:\w+\.)*)?\w*Tensor$/;
const JAXTYPING = /^(?:\w+\.)*(?:Shaped|Bool|Num|Inexact|B?Float\d*|Complex\d*|Integer|U?Int\d*|Real|Key)\s*\[\s*([\w.]+)\s*,([^]*)\]$/;

/** What an annotation says: a tensor (maybe optional, maybe with dims), or undefined for anything else. */
function tensorAnnotation(annotation: string): TensorType | undefined {
  let t = annotation.trim();
  const quoted = /^(["'])([^]*)\1$/.exec(t);
  if (quoted) t = quoted[2].trim();
  let optional = false;
  const opt = /^(?:typing\.)?Optional\s*\[([^]*)\]$/.exec(t);
  const union = /^(?:typing\.)?Union\s*\[([^]*)\]$/.exec(t);
  const members = opt ? [opt[1].trim(), 'None'] : union ? splitTop(union[1], ',') : splitTop(t, '|');
  if (members.length > 1) {
    const rest = members.filter((m) => m !== 'None');
    if (rest.length !== 1 || rest.length === members.length) return undefined;
    optional = true;
    t = rest[0];
  }
  if (TENSOR_NAME.test(t)) return { optional };
  const jax = JAXTYPING.exec(t);
  if (jax && TENSOR_NAME.test(jax[1])) {
    const spec = /^\s*[rRuU]?(["'])([^"']*)\1\s*$/.exec(jax[2]);
    return { optional, dims: spec ? jaxtypingDims(spec[2]) : undefined };
  }
  if (/^(?:\w+\.)*TensorType\s*\[/.test(t)) return { optional };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

/**
 * Climbs from a node to the function whose body holds it, noting on the way whether it sits in
 * a shape check (an assert's condition, an `if …: raise` condition, `torch._assert(…)`), and
 * whether a lambda or comprehension between them rebinds `name`.
 */
function climb(node: Node, name: string | undefined, acceptRaise: boolean): { owner?: Node; check: boolean; shadowed: boolean } {
  let check = false;
  let shadowed = false;
  let grandchild: Node | undefined;
  let child = node;
  for (let p = node.parent; p; grandchild = child, child = p, p = p.parent) {
    switch (p.type) {
      case 'function_definition':
        return { owner: child.type === 'block' ? p : undefined, check, shadowed };
      case 'class_definition':
        return { check, shadowed };
      case 'lambda':
        if (name && p.childForFieldName('parameters')?.descendantsOfType('identifier').some((i) => i?.text === name)) shadowed = true;
        break;
      case 'assert_statement':
        if (p.namedChild(0)?.id === child.id) check = true;
        break;
      case 'if_statement':
      case 'elif_clause':
        if (acceptRaise && p.childForFieldName('condition')?.id === child.id && ifRaises(p)) check = true;
        break;
      case 'call':
        // Only the first argument is the condition: `_check(x.dim() == 2, lambda: f"{x.shape}")`.
        if (child.type === 'argument_list' && child.namedChild(0)?.id === grandchild?.id && isCheckCall(p, acceptRaise)) check = true;
        break;
      default:
        if (name && COMPREHENSIONS.has(p.type)) {
          for (const clause of p.namedChildren) {
            if (clause?.type === 'for_in_clause' && clause.childForFieldName('left')?.descendantsOfType('identifier').some((i) => i?.text === name)) shadowed = true;
          }
        }
    }
  }
  return { check, shadowed };
}

/** `torch._assert(…)`, `torch._check(…)`; with `helpers`, also `check(…)`, `_assert_shape(…)`, `validate_…(…)`. */
function isCheckCall(call: Node, helpers: boolean): boolean {
  const fn = call.childForFieldName('function')?.text ?? '';
  if (/^torch\._(?:assert|check)\w*$/.test(fn)) return true;
  return helpers && /^(?:[\w.]+\.)?_?(?:check|assert|expect|ensure|verify|validate)\w*$/i.test(fn);
}

/** Whether an `if`/`elif` raises in its own branch or in a final `else`. */
function ifRaises(node: Node): boolean {
  const raisesIn = (block: Node | null | undefined) => statementsOf(block ?? null).some((s) => s.type === 'raise_statement');
  if (raisesIn(node.childForFieldName('consequence'))) return true;
  let top = node;
  while (top.type === 'elif_clause' && top.parent) top = top.parent;
  const elseClause = top.childrenForFieldName('alternative').find((c) => c?.type === 'else_clause');
  return raisesIn(elseClause?.childForFieldName('body'));
}

/** Names bound by an assignment target (`a`, `a, (b, c)`, `[*d]`). */
function boundNames(target: Node): string[] {
  if (target.type === 'identifier') return [target.text];
  if (/pattern|tuple|list/.test(target.type)) {
    return target.namedChildren.flatMap((c) => (c ? boundNames(c) : []));
  }
  return [];
}

/** Positional tensor arguments of a `torch.*` / `F.*` call (identifiers only). */
function tensorArguments(callee: string, args: Node): Node[] {
  const path = callee.replace(/\s+/g, '').split('.');
  let fname: string;
  let functional = false;
  if (path[0] === 'F' || path[0] === 'functional') {
    functional = true;
    fname = path.slice(1).join('.');
  } else if (path[0] === 'torch' && path[1] === 'nn' && path[2] === 'functional') {
    functional = true;
    fname = path.slice(3).join('.');
  } else if (path[0] === 'nn' && path[1] === 'functional') {
    functional = true;
    fname = path.slice(2).join('.');
  } else if (path[0] === 'torch' && (path.length === 2 || (path.length === 3 && TENSOR_SUBMODULES.has(path[1])))) {
    fname = path[path.length - 1];
  } else return [];
  if (!/^[a-z]\w*$/.test(fname) || fname.startsWith('_')) return [];
  if (!functional && (TORCH_NOT_TENSOR.has(fname) || TORCH_NOT_TENSOR_PREFIX.test(fname))) return [];
  const out: Node[] = [];
  const positional: Node[] = [];
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const key = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (key && TENSOR_KEYWORDS.has(key) && value?.type === 'identifier') out.push(value);
      continue;
    }
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') break;
    positional.push(a);
  }
  if (!functional && fname === 'einsum') {
    const rest = positional.slice(1);
    const operands = rest.length === 1 && (rest[0].type === 'list' || rest[0].type === 'tuple') ? rest[0].namedChildren : rest;
    return out.concat(operands.filter((n): n is Node => n?.type === 'identifier'));
  }
  if (!functional && SEQUENCE_FIRST.has(fname)) {
    const first = positional[0];
    if (first && (first.type === 'list' || first.type === 'tuple')) out.push(...first.namedChildren.filter((n): n is Node => n?.type === 'identifier'));
    return out;
  }
  const positions = !functional && ALL_POSITIONAL.has(fname) ? positional.map((_, i) => i) : (TENSOR_POSITIONS[fname] ?? [0]);
  for (const i of positions) if (positional[i]?.type === 'identifier') out.push(positional[i]);
  return out;
}

/** Whether an expression evaluates to a size: an int, `x.shape[…]`, `x.size(…)`, `len(…)`, arithmetic of these. */
function isSizeExpr(node: Node): boolean {
  const t = node.text;
  if (t.length > 120) return false;
  const arithmetic = t.replace(/\b[A-Z][A-Z0-9_]*\b|\b\d+\b/g, '0');
  if (/^[\d\s+\-*/%()]+$/.test(arithmetic)) return /\d/.test(arithmetic);
  return /^(?:[\w.]+\.shape\[[^\]]+\]|[\w.]+\.size\(\s*-?\d+\s*\)|len\([^()]*\)|int\([^()]*\))$/.test(t);
}

/** Names a `B, T, D = x.shape` or `n = x.size(0)` assignment binds to sizes. */
function sizeNames(target: Node): string[] {
  const assignment = target.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== target.id) return [];
  const right = assignment.childForFieldName('right');
  if (!right) return [];
  if (target.type === 'identifier') return isSizeExpr(right) ? [target.text] : [];
  const whole = /^[\w.]+\.(?:shape|size\(\s*\))$/.test(right.text);
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern') {
    return whole && target.namedChildren.every((c) => c?.type === 'identifier') ? target.namedChildren.map((c) => c!.text) : [];
  }
  return [];
}

/** Module-level constants that hold sizes (`D_MODEL = 512`), with their offsets. */
function sizeConstants(root: Node): Map<string, number> {
  const names = new Map<string, number>();
  for (const s of root.namedChildren) {
    const a = s?.type === 'expression_statement' ? s.namedChild(0) : undefined;
    const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
    if (left) for (const n of sizeNames(left)) if (!names.has(n)) names.set(n, left.startIndex);
  }
  return names;
}

/** A parameter that may serve as a size in a shape assert: unannotated or `int`, never None. */
function sizeParam(p: Parameter): boolean {
  if (SKIPPED_PARAMS.has(p.name) || p.splat || p.default?.type === 'none') return false;
  return !p.annotation || /^(?:int|(?:torch\.)?SymInt)$/.test(p.annotation.text.trim());
}

/** Whether a function body is a stub: only a docstring, `pass`, `...` or `raise NotImplementedError`. */
function isStub(fn: Node, doc: Node | undefined): boolean {
  return statementsOf(fn.childForFieldName('body')).every(
    (s) =>
      (doc && s.id === doc.id) ||
      s.type === 'pass_statement' ||
      (s.type === 'expression_statement' && s.namedChild(0)?.type === 'ellipsis') ||
      (s.type === 'raise_statement' && /^raise\s+NotImplementedError\b/.test(s.text)),
  );
}

/** Where the asserts go: the end of the docstring's line, else of the header's line; and the body's indent. */
function insertionPoint(fn: Node, doc: Node | undefined, text: string): { at: number; indent: string } | undefined {
  const body = fn.childForFieldName('body');
  const stmts = statementsOf(body);
  if (!body || stmts.length === 0 || fn.hasError) return undefined;
  const colon = fn.children.filter((c): c is Node => !!c && c.type === ':' && c.endIndex <= body.startIndex).pop();
  if (!colon || stmts[0].startPosition.row === colon.endPosition.row) return undefined;
  if (doc && stmts[1] && stmts[1].startPosition.row === doc.endPosition.row) return undefined;
  const anchor = doc ? doc.endIndex : colon.endIndex;
  let at = text.indexOf('\n', anchor);
  if (at < 0) at = text.length;
  else if (text[at - 1] === '\r') at--;
  const indent = indentOfLine(text, stmts[0].startIndex);
  if (text.slice(stmts[0].startIndex - indent.length, stmts[0].startIndex) !== indent) return undefined;
  return { at, indent };
}

// ---------------------------------------------------------------------------------------------
// Building the asserts

/** A piece of an inserted line: literal text, or a snippet tab stop. */
type Part = string | { stop: number; placeholder: string };

interface Target {
  name: string;
  optional: boolean;
  dims?: Dim[];
}

const shapeTuple = (dims: string[]) => `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;

/** Where a parameter's dim sits in the shape: from the front, or (after a variadic) from the back. */
interface Occurrence {
  target: Target;
  index: number;
}

/**
 * The assert lines for the unchecked parameters: one per parameter (a full shape when every dim is
 * in scope, else the rank and the dims that are), then one per dim name shared with an earlier
 * parameter. A parameter whose every dim matches a run of an earlier one's gets a single slice
 * comparison instead (`assert mask.shape == x.shape[:2]`).
 */
function buildAsserts(targets: Target[], inScope: (d: Dim) => boolean): { lines: Part[][]; snippet: boolean } {
  let stop = 0;
  let snippet = false;
  const own = new Map<Target, Part[]>();
  const occurrences = new Map<string, Occurrence[]>();
  for (const t of targets) {
    const none = t.optional ? `${t.name} is None or ` : '';
    const dims = t.dims;
    const variadic = dims ? dims.findIndex((d) => d.kind === 'variadic') : -1;
    const fixed = dims ? dims.length - (variadic >= 0 ? 1 : 0) : 0;
    if (!dims || (variadic >= 0 && fixed === 0)) {
      snippet = true;
      own.set(t, [`assert ${none}${t.name}.shape == (`, { stop: ++stop, placeholder: 'dims' }, `), ${t.name}.shape`]);
      continue;
    }
    const indexOf = (i: number) => (variadic >= 0 && i > variadic ? i - dims.length : i);
    dims.forEach((d, i) => {
      if (d.kind !== 'name' || inScope(d)) return;
      const list = occurrences.get(d.text) ?? [];
      list.push({ target: t, index: indexOf(i) });
      occurrences.set(d.text, list);
    });
    if (fixed === 0) {
      own.set(t, [`assert ${none}${t.name}.ndim == 0, ${t.name}.shape`]);
    } else if (variadic < 0 && dims.every(inScope)) {
      own.set(t, [`assert ${none}${t.name}.shape == ${shapeTuple(dims.map((d) => (d.kind === 'name' || d.kind === 'int' ? d.text : '')))}, ${t.name}.shape`]);
    } else {
      const conditions = [variadic >= 0 ? `${t.name}.ndim >= ${fixed}` : `${t.name}.ndim == ${fixed}`];
      dims.forEach((d, i) => {
        if ((d.kind === 'name' || d.kind === 'int') && inScope(d)) conditions.push(`${t.name}.shape[${indexOf(i)}] == ${d.text}`);
      });
      own.set(t, [`assert ${none}${conditions.join(' and ')}, ${t.name}.shape`]);
    }
  }

  // Shared dims: each later occurrence equals the first one, grouped by (parameter, anchor parameter).
  const groups = new Map<string, { b: Target; a: Target; pairs: Array<[number, number]> }>();
  for (const [anchor, ...later] of occurrences.values()) {
    for (const o of later) {
      const key = `${o.target.name} ${anchor.target.name}`;
      const group = groups.get(key) ?? { b: o.target, a: anchor.target, pairs: [] };
      if (!group.pairs.some(([bi, ai]) => bi === o.index && ai === anchor.index)) group.pairs.push([o.index, anchor.index]);
      groups.set(key, group);
    }
  }
  const covered = new Set<Target>();
  const shared: string[] = [];
  for (const { b, a, pairs } of groups.values()) {
    const none = [b, a].filter((t, i, all) => t.optional && all.indexOf(t) === i).map((t) => `${t.name} is None or `).join('');
    const message = a === b ? `${a.name}.shape` : `(${b.name}.shape, ${a.name}.shape)`;
    const slice = a === b ? undefined : sliceOf(b, a, pairs);
    if (slice !== undefined) {
      covered.add(b);
      shared.push(`assert ${none}${b.name}.shape == ${a.name}.shape${slice}, ${message}`);
      continue;
    }
    for (const [bi, ai] of pairs) shared.push(`assert ${none}${b.name}.shape[${bi}] == ${a.name}.shape[${ai}], ${message}`);
  }
  const lines = targets.filter((t) => !covered.has(t)).map((t) => own.get(t)!);
  return { lines: [...lines, ...shared.map((l) => [l])], snippet };
}

/** The slice of `a.shape` that `b.shape` equals when every dim of b is a run of a's (`''`, `[:2]`, `[1:]`, `[-2:]`). */
function sliceOf(b: Target, a: Target, pairs: Array<[number, number]>): string | undefined {
  const n = b.dims!.length;
  if (n < 2 || pairs.length !== n || b.dims!.some((d) => d.kind === 'variadic')) return undefined;
  const sorted = [...pairs].sort((x, y) => x[0] - y[0]);
  const start = sorted[0][1];
  if (!sorted.every(([bi, ai], k) => bi === k && ai === start + k)) return undefined;
  const aLength = a.dims!.some((d) => d.kind === 'variadic') ? undefined : a.dims!.length;
  if (start < 0) return start + n === 0 ? `[${start}:]` : undefined;
  if (start === 0 && n === aLength) return '';
  if (start === 0) return `[:${n}]`;
  if (start + n === aLength) return `[${start}:]`;
  return `[${start}:${start + n}]`;
}

/** Escapes literal text of a VS Code snippet. */
const escapeSnippet = (s: string) => s.replace(/[\\$}]/g, (c) => `\\${c}`);

function render(parts: Part[], snippet: boolean): string {
  return parts.map((p) => (typeof p === 'string' ? (snippet ? escapeSnippet(p) : p) : `\${${p.stop}:${p.placeholder}}`)).join('');
}

// ---------------------------------------------------------------------------------------------
// The rule

interface FunctionFacts {
  fn: Node;
  name: Node;
  /** Parameter names used as tensors in the body. */
  used: Set<string>;
  /** Parameter names whose shape a check reads. */
  checked: Set<string>;
  /** Names whose type the body tests (`isinstance(x, …)`, `torch.is_tensor(x)`): maybe not tensors. */
  typeTested: Set<string>;
  /** Names the body compares with None. */
  noneChecked: Set<string>;
  /** Assignment targets in the body, read on first use (`targetsOf`). */
  targets?: Node[];
  /** Whether the names the body multiplies with `@` are in `used` yet (`readMatmuls`). */
  matmulsRead?: boolean;
  bound?: Map<string, number>;
  sizes?: Map<string, number>;
}

/** Names the body binds, with the offset of their first binding. */
function boundOf(facts: FunctionFacts): Map<string, number> {
  if (facts.bound) return facts.bound;
  const bound = new Map<string, number>();
  for (const t of targetsOf(facts)) for (const n of boundNames(t)) if (!bound.has(n)) bound.set(n, t.startIndex);
  return (facts.bound = bound);
}

/** Locals bound to sizes (`B, T, D = x.shape`), with their offsets. */
function sizesOf(facts: FunctionFacts): Map<string, number> {
  if (facts.sizes) return facts.sizes;
  const sizes = new Map<string, number>();
  for (const t of targetsOf(facts)) for (const n of sizeNames(t)) if (!sizes.has(n)) sizes.set(n, t.startIndex);
  return (facts.sizes = sizes);
}

/** The attributes `self.<name> = …` assigns in the methods of a class. */
function selfAttributes(cls: Node, functions: Iterable<FunctionFacts>, definition: (def: Node) => DefinitionInfo): Set<string> {
  const attrs = new Set<string>();
  for (const f of functions) {
    if (definition(f.fn).methodOf?.id !== cls.id) continue;
    for (const t of targetsOf(f)) {
      if (t.type === 'attribute' && t.childForFieldName('object')?.text === 'self') attrs.add(t.childForFieldName('attribute')!.text);
    }
  }
  return attrs;
}

/** The callees whose tensor arguments count as used: `torch.…`, `F.…`, `nn.…`, `functional.…`. */
const TORCH_CALLEE = /^(torch|F|nn|functional)[.]/;

/** The capture that tells which pattern a match is of. */
const KINDS = new Set(['def', 'attr', 'call', 'nonecheck', 'torchcall']);

/** Reads the rule's matches into facts about each function. */
function collectFacts(
  matches: Match[],
  text: string,
  acceptRaise: boolean,
): { functions: Map<number, FunctionFacts>; forest: SpanForest<FunctionFacts>; readMatmuls(facts: FunctionFacts): void } {
  const functions = new Map<number, FunctionFacts>();
  for (const m of matches) {
    const fn = capture(m, 'def');
    if (fn) functions.set(fn.id, { fn, name: capture(m, 'name')!, used: new Set(), checked: new Set(), typeTested: new Set(), noneChecked: new Set() });
  }
  // Where the functions are, to tell which one holds a node.
  const forest = new SpanForest([...functions.values()].map((f) => ({ start: f.fn.startIndex, end: f.fn.endIndex, item: f })));
  /** The facts of the function whose body holds `node`, unless a lambda or comprehension rebinds `name`. */
  const factsAt = (node: Node, name: string | undefined, checks = false) => {
    // A node outside every function has no owner, and needs no climb to say so.
    if (!forest.innermost(node.startIndex)) return undefined;
    const c = climb(node, name, checks && acceptRaise);
    return c.owner && !c.shadowed ? { facts: functions.get(c.owner.id), check: c.check } : undefined;
  };
  const use = (id: Node) => factsAt(id, id.text)?.facts?.used.add(id.text);
  /**
   * Adds the names the function's own body multiplies with `@` to its uses, once; the tree is
   * read only for a function whose text holds an `@` (a query pattern would see every binary
   * operator of every file).
   */
  const readMatmuls = (facts: FunctionFacts): void => {
    if (facts.matmulsRead) return;
    facts.matmulsRead = true;
    if (!text.slice(facts.fn.startIndex, facts.fn.endIndex).includes('@')) return;
    for (const binop of facts.fn.descendantsOfType('binary_operator')) {
      if (binop?.childForFieldName('operator')?.text !== '@') continue;
      for (const side of [binop.childForFieldName('left'), binop.childForFieldName('right')]) {
        if (side?.type === 'identifier' && factsAt(side, side.text)?.facts === facts) facts.used.add(side.text);
      }
    }
  };
  if (functions.size === 0) return { functions, forest, readMatmuls };
  for (const m of matches) {
    // Each pattern has one capture that names its kind: read only the captures of that kind.
    const kind = m.captures.find((c) => KINDS.has(c.name))?.name;
    if (kind === 'def') continue;
    const attrName = kind === 'attr' ? capture(m, 'attr') : undefined;
    if (attrName) {
      const attribute = attrName.parent!;
      const obj = attribute.childForFieldName('object')!.text;
      const attr = attrName.text;
      const at = factsAt(attribute, obj, true);
      if (!at?.facts) continue;
      const parent = attribute.parent;
      const called = parent?.type === 'call' && parent.childForFieldName('function')?.id === attribute.id;
      if (USE_PROPS.has(attr) || (called && USE_METHODS.has(attr))) at.facts.used.add(obj);
      if (at.check && CHECK_ATTRS.has(attr)) at.facts.checked.add(obj);
      continue;
    }
    if (kind === 'call') {
      // `isinstance(x, …)`: a name as its first argument.
      const args = callArguments(capture(m, 'call')!)!;
      const typed = args.type === 'argument_list' ? args.namedChild(0) : null;
      if (typed?.type === 'identifier') factsAt(typed, typed.text)?.facts?.typeTested.add(typed.text);
      continue;
    }
    const none = kind === 'nonecheck' ? capture(m, 'nonecheck') : undefined;
    if (none) {
      factsAt(none, none.text)?.facts?.noneChecked.add(none.text);
      continue;
    }
    const callee = kind === 'torchcall' ? capture(m, 'torchcall') : undefined;
    if (callee) {
      const path = callee.text;
      if (!TORCH_CALLEE.test(path)) continue;
      const args = capture(m, 'torchargs')!;
      const first = args.namedChild(0);
      if (/^torch\.is_tensor$/.test(path) && first?.type === 'identifier') factsAt(first, first.text)?.facts?.typeTested.add(first.text);
      for (const id of tensorArguments(path, args)) use(id);
      continue;
    }
  }
  return { functions, forest, readMatmuls };
}

/** The nodes that bind names (their targets read by `targetsOf`), and the nested functions whose bodies are not this one's. */
const BINDERS = ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern_target', 'function_definition'];

/**
 * The assignment targets of a function's own body (not of nested functions' bodies), in order,
 * read from the tree on first use: most functions never need them.
 */
function targetsOf(facts: FunctionFacts): Node[] {
  if (facts.targets) return facts.targets;
  const out: Node[] = [];
  const body = facts.fn.childForFieldName('body');
  // The body of the nested function being skipped.
  let skipFrom = -1;
  let skipUntil = -1;
  for (const n of body?.descendantsOfType(BINDERS) ?? []) {
    if (!n || (n.startIndex >= skipFrom && n.startIndex < skipUntil)) continue;
    switch (n.type) {
      case 'function_definition': {
        const inner = n.childForFieldName('body');
        if (inner) [skipFrom, skipUntil] = [inner.startIndex, inner.endIndex];
        break;
      }
      case 'named_expression': {
        const name = n.childForFieldName('name');
        if (name?.type === 'identifier') out.push(name);
        break;
      }
      case 'as_pattern_target':
        for (const c of n.namedChildren) if (c) out.push(c);
        break;
      default: {
        const left = n.childForFieldName('left');
        if (left) out.push(left);
      }
    }
  }
  return (facts.targets = out.sort((x, y) => x.startIndex - y.startIndex));
}

/** Names of parameters that usually hold sizes or tuples of ints, whatever their docs show. */
const SIZE_LIKE_NAME = /(?:size|shape|stride|padding|dilation|kernel|scale|dims?|axis|axes|range|bounds?)s?$/i;

/**
 * The tensor parameters of a function, with what their annotations say: annotated tensors, and
 * unannotated parameters used as tensors or documented with a shape (in a comment or the docstring).
 */
function tensorParameters(
  params: Parameter[],
  facts: FunctionFacts,
  claims: Claims,
  checkUnannotated: boolean,
  readMatmuls: (facts: FunctionFacts) => void,
): Array<{ param: Parameter; type: TensorType }> {
  const out: Array<{ param: Parameter; type: TensorType }> = [];
  for (const p of params) {
    const maybeNone = p.default?.type === 'none' || facts.noneChecked.has(p.name);
    if (p.annotation) {
      const type = tensorAnnotation(p.annotation.text);
      if (type) out.push({ param: p, type: { ...type, optional: type.optional || maybeNone } });
      continue;
    }
    if (!checkUnannotated || facts.typeTested.has(p.name) || (p.default && p.default.type !== 'none')) continue;
    readMatmuls(facts);
    if (facts.used.has(p.name) || (!SIZE_LIKE_NAME.test(p.name) && claims.written(p))) out.push({ param: p, type: { optional: maybeNone } });
  }
  return out;
}

/** The dims written in a comment about `name` (`# x: (B, T)`), or any shape when `name` is undefined. */
function commentDims(comment: string, name: string | undefined): Dim[] | undefined {
  const text = comment.replace(/^#+:?\s*/, '');
  if (name === undefined) return shapeInText(text, true, true);
  if (!text.startsWith(name)) return undefined;
  const m = namedClaim(name).exec(text);
  return m ? shapeInText(text.slice(m[0].length), true, m[0].includes('shape')) : undefined;
}

/** Compiled patterns by parameter name: at most a few thousand names, then they are compiled afresh. */
function perName(cache: Map<string, RegExp>, name: string, source: (name: string) => string): RegExp {
  let re = cache.get(name);
  if (!re) {
    if (cache.size > 4096) cache.clear();
    cache.set(name, (re = new RegExp(source(name))));
  }
  return re;
}

const namedClaims = new Map<string, RegExp>();

/** `<name>:`, `<name>.shape ==`, `<name> is` at the start of a comment (compiled once per name). */
function namedClaim(name: string): RegExp {
  return perName(namedClaims, name, (n) => `^${n}\\s*(?:\\.shape\\s*)?(?::|==|=|\\bis\\b)\\s*`);
}

const docHeads = new Map<string, RegExp>();

/** The line of a docstring that documents parameter `name`, its indent and description in groups 1 and 2 (compiled once per name). */
function docHead(name: string): RegExp {
  return perName(docHeads, name, (n) => `^(\\s*)(?::param\\s+(?:[\\w.\\[\\], ]+\\s+)?)?\\*{0,2}${n}\\s*(?:\\([^)]*\\))?\\s*:(?!:)(.*)$`);
}

/** A docstring's lines, and where the parameters' part ends: the first `Returns:`, `Yields:`, `Raises:` or `Examples:` line. */
interface DocLines {
  lines: string[];
  end: number;
}

/** Splits a docstring (without its quotes) once for all the parameters of its function. */
function docLines(doc: string): DocLines {
  const lines = doc.split(/\r?\n/);
  const end = lines.findIndex((line) => /^\s*(?:Returns?|Yields?|Raises?|Examples?)\s*:?\s*$/.test(line));
  return { lines, end: end === -1 ? lines.length : end };
}

/** The dims a docstring gives for parameter `name` (Google, NumPy or Sphinx style). */
function docstringDims({ lines, end }: DocLines, name: string): Dim[] | undefined {
  for (let i = 0; i < end; i++) {
    // The name must appear on the line that documents it.
    if (!lines[i].includes(name)) continue;
    const m = docHead(name).exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    let description = m[2];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (!line.trim() || /^\s*/.exec(line)![0].length <= indent) break;
      description += ' ' + line.trim();
    }
    return shapeInText(description);
  }
  return undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'tensor-shape-assert',
    category: 'shapes',
    guideline: 'Use assert for torch tensor shapes.',
    defaultSeverity: 'warning',
    description: 'Flags functions with tensor parameters whose shapes no assert checks.',
    phrases: { require: [/\bassert(?:s|ions?)?\b.*\bshapes?\b/i, /\bshapes?\b.*\bassert/i, /\b(?:check|verify|validate)\w*\s+(?:the\s+)?(?:tensor\s+)?shapes?\b/i] },
    fixable: true,
    example: {
      flagged:
        'import torch\nfrom jaxtyping import Float\nfrom torch import Tensor\n\n\ndef attend(q: Float[Tensor, "b t d"], k: Float[Tensor, "b s d"]) -> Tensor:\n    return torch.softmax(q @ k.transpose(1, 2), dim=-1)\n',
      fixed:
        'import torch\nfrom jaxtyping import Float\nfrom torch import Tensor\n\n\ndef attend(q: Float[Tensor, "b t d"], k: Float[Tensor, "b s d"]) -> Tensor:\n    assert q.ndim == 3, q.shape\n    assert k.ndim == 3, k.shape\n    assert k.shape[0] == q.shape[0], (k.shape, q.shape)\n    assert k.shape[2] == q.shape[2], (k.shape, q.shape)\n    return torch.softmax(q @ k.transpose(1, 2), dim=-1)\n',
    },
  },
  options,
  query: [
    FUNCTION_DEFINITIONS,
    // `#any-of?`, not `#match?`: web-tree-sitter builds a closure per evaluation of a `#match?`. One
    // capture: it builds every capture of every `x.y` before it tests the name (the attribute is its parent).
    '((attribute object: (identifier) attribute: (identifier) @attr) (#any-of? @attr "shape" "ndim" "ndimension" "dim" "size" "view" "reshape" "permute" "transpose" "unsqueeze" "squeeze"))',
    // Every call of an attribute; `collectFacts` keeps those of torch (TORCH_CALLEE): cheaper than a `#match?` here.
    '(call function: (attribute) @torchcall arguments: (argument_list) @torchargs)',
    nameCalls(['isinstance']),
    '(comparison_operator (identifier) @nonecheck (none))',
  ].join('\n'),
  check(ctx) {
    if (!ctx.facts.importsTorch || ctx.path.endsWith('.pyi')) return;
    const opts = ctx.options;
    const { functions, forest, readMatmuls } = collectFacts(ctx.matches, ctx.text, opts.acceptRaise);
    const root = ctx.tree.rootNode;
    let constants: Map<string, number> | undefined;
    const classAttrs = new Map<number, Set<string>>();

    for (const facts of functions.values()) {
      const { fn, name } = facts;
      if (opts.ignorePrivate && /^_(?!_)/.test(name.text)) continue;
      const info = ctx.facts.definition(fn);
      const params = ownParameters(info);
      const claims = new Claims(fn, info, params, facts, () => commentsOf(ctx.facts.comments, facts, forest));
      const tensors = tensorParameters(params, facts, claims, opts.checkUnannotated, readMatmuls);
      const unchecked = tensors.filter((t) => !facts.checked.has(t.param.name));
      if (unchecked.length === 0) continue;
      if (hasDecorator(info.decorators, RUNTIME_CHECKERS) || hasDecorator(info.decorators, SKIPPED_DECORATORS) || isStub(fn, info.docstring)) continue;
      const cls = info.methodOf;
      if (cls && hasDecorator(ctx.facts.definition(cls).decorators, RUNTIME_CHECKERS)) continue;

      const names = unchecked.map((t) => t.param.name);
      const message =
        names.length === 1
          ? `${name.text}: assert the shape of ${names[0]} (a tensor parameter with no shape assert)`
          : `${name.text}: assert the shapes of ${names.join(', ')} (tensor parameters with no shape assert)`;
      const point = insertionPoint(fn, info.docstring, ctx.text);
      if (!point) {
        ctx.report({ node: name, message });
        continue;
      }

      const targets: Target[] = unchecked.map(({ param, type }) => ({
        name: param.name,
        optional: type.optional,
        dims: type.dims ?? claims.written(param) ?? claims.unpacked(param),
      }));

      let scope: Set<string> | undefined;
      /** Names usable at the top of the body: size parameters, enclosing sizes, module constants. */
      const scopeNames = (): Set<string> => {
        if (scope) return scope;
        scope = new Set<string>();
        const locals = boundOf(facts);
        for (const p of params) if (sizeParam(p) && !tensors.some((t) => t.param === p)) scope.add(p.name);
        let top: Node = fn;
        for (let p = fn.parent; p && p.type !== 'module'; p = p.parent) {
          top = p;
          if (p.type !== 'function_definition') continue;
          for (const q of ctx.facts.definition(p).parameters) if (sizeParam(q) && !locals.has(q.name)) scope.add(q.name);
          const outer = functions.get(p.id);
          if (outer) sizesOf(outer).forEach((at, n) => at < fn.startIndex && !locals.has(n) && scope!.add(n));
        }
        constants ??= sizeConstants(root);
        constants.forEach((at, n) => at < top.startIndex && !locals.has(n) && scope!.add(n));
        return scope;
      };
      const hasSelf = !!cls && !hasDecorator(info.decorators, ['staticmethod']) && info.parameters[0]?.name === 'self';
      const inScope = (d: Dim): boolean => {
        if (d.kind === 'int') return true;
        if (d.kind !== 'name') return false;
        if (!d.text.startsWith('self.')) return scopeNames().has(d.text);
        if (!hasSelf) return false;
        let attrs = classAttrs.get(cls!.id);
        if (!attrs) classAttrs.set(cls!.id, (attrs = selfAttributes(cls!, functions.values(), ctx.facts.definition)));
        return attrs.has(d.text.slice(5));
      };

      const { lines, snippet } = buildAsserts(targets, inScope);
      const eol = eolOf(ctx.text);
      const text = lines.map((parts) => render([eol + point.indent, ...parts], snippet)).join('');
      const fix: Fix = { title: 'Insert shape asserts', edits: [{ start: point.at, end: point.at, text }], safe: !snippet, ...(snippet ? { snippet: true } : {}) };
      ctx.report({ node: name, message, fix });
    }
  },
});

/**
 * The parameters a caller passes: not `*args`/`**kwargs`, not the receiver of a method (nor an
 * unannotated `self`/`cls` elsewhere); an annotated `self: Tensor` of a free function stays.
 */
function ownParameters(info: DefinitionInfo): Parameter[] {
  const all = info.parameters;
  const receiver = info.isMethod && !hasDecorator(info.decorators, ['staticmethod']) ? all[0] : undefined;
  return all.filter((p) => p !== receiver && !(SKIPPED_PARAMS.has(p.name) && !p.annotation) && !p.splat);
}

/** The shapes written for a function's parameters, read lazily: comments, docstring, unpacking. */
class Claims {
  private comments?: Node[];
  private doc?: DocLines | null;

  constructor(
    private readonly fn: Node,
    private readonly info: DefinitionInfo,
    private readonly params: Parameter[],
    private readonly facts: FunctionFacts,
    private readonly ownComments: () => Node[],
  ) {}

  /** The dims the author wrote for a parameter: a comment on its line, a named comment, the docstring. */
  written(param: Parameter): Dim[] | undefined {
    const comments = (this.comments ??= this.ownComments());
    const row = param.node.startPosition.row;
    if (this.params.filter((p) => p.node.startPosition.row === row).length === 1) {
      const c = comments.find((c) => c.startPosition.row === row && c.startIndex > param.node.endIndex && c.parent?.type === 'parameters');
      const dims = c && (commentDims(c.text, param.name) ?? commentDims(c.text, undefined));
      if (dims) return dims;
    }
    // The first comment naming the parameter's dims counts if it comes before the parameter is
    // rebound (the bindings are read only when such a comment exists).
    for (const c of comments) {
      const dims = commentDims(c.text, param.name);
      if (!dims) continue;
      if (c.startIndex <= (boundOf(this.facts).get(param.name) ?? Infinity)) return dims;
      break;
    }
    if (this.doc === undefined) {
      const doc = this.info.docstring?.text;
      this.doc = doc ? docLines(doc.replace(/^[rRuUbBfF]*("""|\'\'\'|"|')/, '').replace(/("""|\'\'\'|"|')$/, '')) : null;
    }
    return this.doc ? docstringDims(this.doc, param.name) : undefined;
  }

  /**
   * The rank an unconditional `B, T, C = x.shape` at the top of the body already enforces (before
   * any control flow or rebinding of x); the names are new locals, so the dims are anonymous.
   */
  unpacked(param: Parameter): Dim[] | undefined {
    const body = this.fn.childForFieldName('body');
    const firstBinding = boundOf(this.facts).get(param.name) ?? Infinity;
    for (const target of targetsOf(this.facts)) {
      if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern') continue;
      const assignment = target.parent;
      const statement = assignment?.parent;
      if (!assignment || assignment.type !== 'assignment' || statement?.type !== 'expression_statement' || statement.parent?.id !== body?.id) continue;
      const right = assignment.childForFieldName('right')?.text.replace(/\s+/g, '') ?? '';
      if (right !== `${param.name}.shape` && right !== `${param.name}.size()`) continue;
      if (firstBinding < target.startIndex) return undefined;
      const before = statementsOf(body!).filter((st) => st.endIndex <= statement.startIndex);
      if (!before.every((st) => st.type === 'expression_statement')) return undefined;
      const dims: Dim[] = [];
      for (const c of target.namedChildren) {
        if (c?.type === 'identifier') dims.push({ kind: 'anon' });
        else if (c?.type === 'list_splat_pattern') dims.push({ kind: 'variadic' });
        else return undefined;
      }
      return dims.filter((d) => d.kind === 'variadic').length > 1 ? undefined : dims;
    }
    return undefined;
  }
}

/** The comments of a function's header and body, not of nested functions, in order. */
function commentsOf(comments: Node[], facts: FunctionFacts, functions: SpanForest<FunctionFacts>): Node[] {
  const fn = facts.fn;
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].startIndex < fn.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  const end = fn.endIndex;
  for (let i = lo; i < comments.length && comments[i].startIndex < end; i++) {
    const c = comments[i];
    if (functions.innermost(c.startIndex) === facts) out.push(c);
  }
  return out;
}
