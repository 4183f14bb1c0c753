import type { Node } from './parse/python';

/** Whether one of these import statements imports torch (the engine's query captures them, no second walk). */
export function importsTorchIn(imports: ReadonlyArray<Node | null>): boolean {
  return imports.some((node) => !!node && importsTorchStatement(node));
}

/** Whether one `import_statement` or `import_from_statement` imports torch. */
export function importsTorchStatement(node: Node): boolean {
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    return !!module && /^torch(\.|$)/.test(module.text);
  }
  for (const name of node.childrenForFieldName('name')) {
    const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
    if (dotted && /^torch(\.|$)/.test(dotted.text)) return true;
  }
  return false;
}

/** The decorators of a function or class definition, as written (without `@`). */
export function decoratorsOf(def: Node, parent: Node | null = def.parent): string[] {
  if (!parent || parent.type !== 'decorated_definition') return [];
  return parent.namedChildren
    .filter((c): c is Node => !!c && c.type === 'decorator')
    .map((d) => d.namedChildren.find((c) => !!c && c.type !== 'comment')?.text ?? '');
}

/** Whether a decorator list holds one of `names` (matched on the last dotted part, calls allowed). */
export function hasDecorator(decorators: readonly string[], names: readonly string[]): boolean {
  return decorators.some((d) => {
    const head = d.split('(')[0].trim();
    const last = head.split('.').pop() ?? head;
    return names.includes(last) || names.includes(head);
  });
}

/** The statements of a block (comments excluded). */
export function statementsOf(block: Node | null): Node[] {
  if (!block) return [];
  return block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** The docstring expression statement of a module, class or function body, if any. */
export function docstringOf(defOrModule: Node): Node | undefined {
  const body = defOrModule.type === 'module' ? defOrModule : defOrModule.childForFieldName('body');
  // The first named child is the first statement unless it is a comment: then list them all.
  let first: Node | null | undefined = body?.firstNamedChild;
  if (first?.type === 'comment') first = statementsOf(body!)[0];
  if (!first || first.type !== 'expression_statement') return undefined;
  const expr = first.namedChild(0);
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return undefined;
  return first;
}

export interface Parameter {
  name: string;
  node: Node;
  annotation?: Node;
  default?: Node;
  /** `*` for `*args`, `**` for `**kwargs` (what `node.parent` would tell, without the walk from the root). */
  splat?: '*' | '**';
}

/** A function's named parameters (not `*`, `/`), with annotation and default when present. */
export function parametersOf(def: Node): Parameter[] {
  const params = def.childForFieldName('parameters');
  if (!params) return [];
  const out: Parameter[] = [];
  for (const p of params.namedChildren) {
    if (!p) continue;
    const type = p.type;
    switch (type) {
      case 'identifier':
        out.push({ name: p.text, node: p });
        break;
      case 'typed_parameter': {
        const id = p.namedChildren.find((c) => c?.type === 'identifier');
        const annotation = p.childForFieldName('type') ?? undefined;
        if (id) out.push({ name: id.text, node: id, annotation });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const id = p.childForFieldName('name');
        if (id) out.push({ name: id.text, node: id, annotation: p.childForFieldName('type') ?? undefined, default: p.childForFieldName('value') ?? undefined });
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const id = p.namedChildren.find((c) => c?.type === 'identifier');
        if (id) out.push({ name: id.text, node: id, splat: type === 'list_splat_pattern' ? '*' : '**' });
        break;
      }
    }
  }
  return out;
}

/** The indentation (spaces or tabs) that a line starts with. */
export function indentOfLine(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Whether a function is a method (directly in a class body). */
export function isMethod(def: Node, parent: Node | null = def.parent): boolean {
  return !!classOfMethod(def, parent);
}

/** The class whose body holds a definition directly (a method's class), else undefined. */
function classOfMethod(def: Node, parent: Node | null = def.parent): Node | undefined {
  let p = parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type !== 'block') return undefined;
  const cls = p.parent;
  return cls?.type === 'class_definition' ? cls : undefined;
}

/**
 * What several rules ask of one function or class definition, each read from the tree once per
 * lint (`FileFacts.definition`): in web-tree-sitter 0.25 `node.parent` walks down from the root.
 */
export interface DefinitionInfo {
  readonly parameters: Parameter[];
  readonly docstring: Node | undefined;
  readonly decorators: string[];
  readonly isMethod: boolean;
  /** The class whose body holds the definition directly, if any. */
  readonly methodOf: Node | undefined;
  /** The function and class definitions that hold this one, innermost first. */
  readonly enclosing: Node[];
}

class LazyDefinitionInfo implements DefinitionInfo {
  private parent?: Node | null;
  private params?: Parameter[];
  private doc?: Node | null;
  private decos?: string[];
  private cls?: Node | null;
  private outer?: Node[];

  constructor(
    private readonly def: Node,
    private readonly enclosingOf: (node: Node) => Node[],
  ) {}

  get enclosing(): Node[] {
    return (this.outer ??= this.enclosingOf(this.def));
  }

  private parentNode(): Node | null {
    if (this.parent === undefined) this.parent = this.def.parent;
    return this.parent;
  }
  get parameters(): Parameter[] {
    return (this.params ??= parametersOf(this.def));
  }
  get docstring(): Node | undefined {
    if (this.doc === undefined) this.doc = docstringOf(this.def) ?? null;
    return this.doc ?? undefined;
  }
  get decorators(): string[] {
    return (this.decos ??= decoratorsOf(this.def, this.parentNode()));
  }
  get isMethod(): boolean {
    return !!this.methodOf;
  }
  get methodOf(): Node | undefined {
    if (this.cls === undefined) this.cls = classOfMethod(this.def, this.parentNode()) ?? null;
    return this.cls ?? undefined;
  }
}

/** A memo of `DefinitionInfo` for the definitions of one tree, keyed by node id; `enclosingOf` gives the definitions holding a node. */
export function definitionInfos(enclosingOf: (node: Node) => Node[]): (def: Node) => DefinitionInfo {
  const known = new Map<number, DefinitionInfo>();
  return (def) => {
    let info = known.get(def.id);
    if (!info) known.set(def.id, (info = new LazyDefinitionInfo(def, enclosingOf)));
    return info;
  };
}

/**
 * Whether an expression is a constant: a literal, None, True/False, a signed number, a string
 * without interpolation, or a list/tuple/set/dict (or `float('nan')`-style builtin call) of constants.
 */
export function isConstant(node: Node | null | undefined): boolean {
  if (!node) return false;
  const parts = (n: Node) => n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  switch (node.type) {
    case 'none':
    case 'true':
    case 'false':
    case 'integer':
    case 'float':
    case 'ellipsis':
      return true;
    case 'string':
      return !node.namedChildren.some((c) => c?.type === 'interpolation');
    case 'concatenated_string':
      return parts(node).every(isConstant);
    case 'unary_operator':
      return isConstant(node.childForFieldName('argument'));
    case 'parenthesized_expression':
      return parts(node).length === 1 && isConstant(parts(node)[0]);
    case 'list':
    case 'tuple':
    case 'set':
      return parts(node).every(isConstant);
    case 'dictionary':
      return parts(node).every((c) => c.type === 'pair' && isConstant(c.childForFieldName('key')) && isConstant(c.childForFieldName('value')));
    case 'call': {
      const fn = node.childForFieldName('function')?.text;
      const args = node.childForFieldName('arguments');
      return !!fn && !!args && /^(?:float|int|str|bool|bytes|list|dict|tuple|set|frozenset)$/.test(fn) && args.type === 'argument_list' && parts(args).every(isConstant);
    }
    default:
      return false;
  }
}

/** The value of a plain string literal (no f/b prefix, no escapes, no interpolation), else undefined. */
export function plainStringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  const start = node.children.find((c) => c?.type === 'string_start');
  if (!start || !/^[rRuU]?(?:'|"|'''|""")$/.test(start.text)) return undefined;
  let value = '';
  for (const c of node.namedChildren) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type !== 'string_content') return undefined;
    if (c.namedChildCount > 0) return undefined;
    value += c.text;
  }
  return value;
}

/**
 * Spans of nodes of one tree (they nest or are apart), answering which innermost one holds an
 * offset by binary search and the spans' own nesting, where `node.parent` would walk the tree.
 */
export class SpanForest<T> {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly items: T[] = [];
  /** Index of the innermost span holding each span, or -1. */
  private readonly outer: number[] = [];

  constructor(entries: Iterable<{ start: number; end: number; item: T }>) {
    const sorted = [...entries].sort((a, b) => a.start - b.start || b.end - a.end);
    const open: number[] = [];
    sorted.forEach((e, i) => {
      while (open.length && this.ends[open[open.length - 1]!]! <= e.start) open.pop();
      this.starts.push(e.start);
      this.ends.push(e.end);
      this.items.push(e.item);
      this.outer.push(open.length ? open[open.length - 1]! : -1);
      open.push(i);
    });
  }

  /** The item of the innermost span with `start <= at < end`. */
  innermost(at: number): T | undefined {
    const i = this.innermostIndex(at);
    return i >= 0 ? this.items[i] : undefined;
  }

  /** The items of every span with `start <= at < end`, innermost first. */
  holding(at: number): T[] {
    const out: T[] = [];
    for (let i = this.innermostIndex(at); i >= 0; i = this.outer[i]!) out.push(this.items[i]!);
    return out;
  }

  private innermostIndex(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= at) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (i >= 0 && this.ends[i]! <= at) i = this.outer[i]!;
    return i;
  }
}
