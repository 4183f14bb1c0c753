import type { z } from 'zod';
import type { Node, Tree } from './parse/python';
import type { DefinitionInfo } from './syntax';
import type { LineRange } from './diff';
import type { Fix, Range, Related, Severity } from './finding';

export type { Severity };

/** Families of guidelines, in the order `RULES.md` lists them. */
export type Category = 'fail-fast' | 'shapes' | 'vectorize' | 'docstrings' | 'comments' | 'bloat' | 'project';

/**
 * How guideline wording names a rule. `avoid` patterns name what the rule flags ("try/except"):
 * a prohibition enables the rule, a request ("use try/except …") turns it off. `require` patterns
 * name what the rule asks for ("docstrings"): a request enables it, a prohibition turns it off.
 */
export interface Phrases {
  avoid?: RegExp[];
  require?: RegExp[];
}

/** Words in a guideline that set an option: "type hints on public functions" → publicOnly = true. */
export interface WordOption {
  option: string;
  pattern: RegExp;
  value: unknown;
}

/** A number in a guideline that becomes an option: "functions under 40 lines" → maxLines = 40. */
export interface NumberOption {
  option: string;
  /** Matches the number and its unit; group 1 is the number. */
  pattern: RegExp;
}

export interface RuleMeta {
  /** Stable kebab-case id: what users write in suppressions and settings. */
  id: string;
  category: Category;
  /** The guideline this rule serves, in words. */
  guideline: string;
  defaultSeverity: Severity;
  /** What it flags, one sentence: shown by `mantra explain` and in SARIF. */
  description: string;
  phrases: Phrases;
  numberOptions?: NumberOption[];
  /** Words that set an option when the guideline switches the rule on. */
  wordOptions?: WordOption[];
  /**
   * Options holding lists that add up across guideline layers (each guideline contributes its
   * entries) instead of a later layer replacing them: banned-api's `names`.
   */
  listOptions?: string[];
  fixable: boolean;
  /** A short example: code it flags, and the same code after its fix (or the clean form). */
  example: { flagged: string; fixed: string };
}

/** One capture of a rule's query: the capture name without the engine's rule prefix. */
export interface Capture {
  name: string;
  node: Node;
}

/** One match of a rule's query. */
export interface Match {
  pattern: number;
  captures: Capture[];
}

export interface Report {
  node?: Node;
  range?: Range;
  message: string;
  fix?: Fix;
  related?: Related[];
}

/** What a rule sees of one file. */
export interface RuleContext<O> {
  text: string;
  tree: Tree;
  /** Workspace-relative path with `/` separators (used by rules that look at `tests/`, `.pyi`). */
  path: string;
  options: O;
  /** This rule's query matches over the whole tree, in document order (or over `matchedRows`). */
  matches: Match[];
  /** Set when the query ran only over these rows (an incremental lint's region): nodes wholly outside them were not matched. */
  matchedRows?: ReadonlyArray<{ startRow: number; endRow: number }>;
  /** Lazily computed facts shared by every rule of one lint run. */
  facts: FileFacts;
  /** Lines the change touches (`'all'`: a new file); undefined when no diff is known. */
  changedLines?: LineRange[] | 'all';
  report(report: Report): void;
}

/** Facts about a file that several rules need; each computed once per lint, on first use. */
export interface FileFacts {
  readonly importsTorch: boolean;
  /** Every comment node of the file, in order. */
  readonly comments: Node[];
  /** Every import statement of the file (`import_statement`, `import_from_statement`, at any depth), in order. */
  readonly imports: Node[];
  /** What rules ask of a function or class definition (parameters, docstring, decorators), read once per lint. */
  definition(def: Node): DefinitionInfo;
  /**
   * The function and class definitions that hold `node` (not `node` itself), innermost first:
   * what walking `node.parent` would find, from the spans of the definitions the query matched.
   */
  enclosingDefinitions(node: Node): Node[];
}

export interface Rule<O = unknown> {
  meta: RuleMeta;
  /** The options schema, with defaults: `schema.parse({})` gives the default options. */
  options: z.ZodType<O>;
  /** Tree-sitter patterns; the engine compiles all rules' patterns into one query, once. */
  query?: string;
  check(ctx: RuleContext<O>): void;
}

/** Declares a rule; only a typing aid, so a rule file reads as one object literal. */
export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** The first node captured under `name` in a match. */
export function capture(match: Match, name: string): Node | undefined {
  return match.captures.find((c) => c.name === name)?.node;
}

/**
 * Every function definition with its name and body, as the engine and every rule write it: one
 * pattern, matched once for all of them. Captures: `name`, `body`, `def`.
 */
export const FUNCTION_DEFINITIONS = '(function_definition name: (identifier) @name body: (_) @body) @def';

/** Every class definition with its name, as the engine and every rule write it. Captures: `name`, `def`. */
export const CLASS_DEFINITIONS = '(class_definition name: (identifier) @name) @def';

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(' ');

/**
 * Calls of a plain name among `names` (`getattr(…)`). Rules write such calls with this one
 * pattern and the engine compiles them as one, with all their names: the query tests each call
 * once, however many rules look for calls. Captures: `callee` (the name) and `call`, no more:
 * web-tree-sitter builds every capture of every call before it tests the name (the arguments are
 * `callArguments(call)`).
 */
export function nameCalls(names: readonly string[]): string {
  return `((call function: (identifier) @callee) @call (#any-of? @callee ${quoted(names)}))`;
}

/**
 * Calls of a method among `names` (`x.get(…)`), shared as `nameCalls` is. Captures: `method` and
 * `call` (the object is `calledObject(call)`, the arguments `callArguments(call)`).
 */
export function methodCalls(names: readonly string[]): string {
  return `((call function: (attribute attribute: (identifier) @method)) @call (#any-of? @method ${quoted(names)}))`;
}

/** The arguments of a call: an `argument_list`, or the `generator_expression` of `f(x for x in y)`. */
export function callArguments(call: Node): Node | null {
  return call.childForFieldName('arguments');
}

/** What a method is called on: `x` in `x.get(…)`; null for a call of a plain name. */
export function calledObject(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
}
