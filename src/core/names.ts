/**
 * Dotted names in Python code: what the imports of a module bind, and the full dotted name an
 * identifier or attribute chain refers to (`plt.savefig` → `matplotlib.pyplot.savefig` after
 * `import matplotlib.pyplot as plt`). Shared by the rules that match APIs by name.
 */
import type { Node } from './parse/python';

/** One name bound by an import: the local name, the dotted name it stands for, and where. */
export interface ImportBinding {
  /** The name the module can use: `np`, `os` (for `import os.path`), `path`, `savefig`. */
  local: string;
  /** The dotted name it refers to: `numpy`, `os`, `os.path`, `matplotlib.pyplot.savefig`. */
  target: string;
  /** The import statement. */
  statement: Node;
  /** The node naming the import (the dotted name, or the imported name of a `from` import). */
  node: Node;
  /** For `import a.b.c` (no alias): the full dotted module it imports (`a.b.c`). */
  module?: string;
}

/**
 * The bindings of every import statement of a module (at any depth), in document order; pass
 * `statements` when they are known (a rule's `ctx.facts.imports`) to spare a walk of the tree.
 */
export function importBindings(root: Node, statements: ReadonlyArray<Node | null> = root.descendantsOfType(['import_statement', 'import_from_statement'])): ImportBinding[] {
  const out: ImportBinding[] = [];
  for (const st of statements) {
    if (!st) continue;
    if (st.type === 'import_statement') {
      for (const n of st.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const name = n.childForFieldName('name');
          const alias = n.childForFieldName('alias');
          if (name && alias) out.push({ local: alias.text, target: name.text, statement: st, node: name });
        } else {
          out.push({ local: n.text.split('.')[0], target: n.text.split('.')[0], statement: st, node: n, module: n.text });
        }
      }
      continue;
    }
    const moduleNode = st.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type === 'relative_import') continue;
    const module = moduleNode.text;
    for (const n of st.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (name && alias) out.push({ local: alias.text, target: `${module}.${name.text}`, statement: st, node: name });
      } else {
        out.push({ local: n.text, target: `${module}.${n.text}`, statement: st, node: n });
      }
    }
  }
  return out;
}

/** Local name → the dotted name it stands for; a later import of the same name wins. */
export function aliasMap(bindings: readonly ImportBinding[]): Map<string, string> {
  return new Map(bindings.map((b) => [b.local, b.target]));
}

/**
 * The segments of a pure dotted chain (`a.b.c`: identifiers and attributes only), outer node
 * first on each level, or undefined when the base is not an identifier (`f().x`, `self.a[0].b`).
 */
export function chainOf(node: Node): { parts: string[]; nodes: Node[] } | undefined {
  const parts: string[] = [];
  const nodes: Node[] = [];
  let cur: Node | null = node;
  while (cur && cur.type === 'attribute') {
    const attr = cur.childForFieldName('attribute');
    if (!attr) return undefined;
    parts.unshift(attr.text);
    nodes.unshift(cur);
    cur = cur.childForFieldName('object');
  }
  if (!cur || cur.type !== 'identifier') return undefined;
  parts.unshift(cur.text);
  nodes.unshift(cur);
  return { parts, nodes };
}

/** A dotted name with its first segment replaced by what an import binds it to. */
export function canonicalName(dotted: string, aliases: ReadonlyMap<string, string>): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const target = aliases.get(head);
  return target === undefined ? dotted : target + (dot < 0 ? '' : dotted.slice(dot));
}

/** The import aliases nearly every project uses, for names a guideline writes with them (`plt.savefig`). */
export const CONVENTIONAL_ALIASES: ReadonlyMap<string, string> = new Map([
  ['np', 'numpy'],
  ['pd', 'pandas'],
  ['plt', 'matplotlib.pyplot'],
  ['mpl', 'matplotlib'],
  ['sns', 'seaborn'],
  ['F', 'torch.nn.functional'],
  ['nn', 'torch.nn'],
  ['optim', 'torch.optim'],
  ['dist', 'torch.distributed'],
  ['tf', 'tensorflow'],
  ['jnp', 'jax.numpy'],
  ['sp', 'scipy'],
]);

/** Whether `name` is `prefix` or starts with `prefix.`. */
export function hasPrefix(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.`);
}

/** Whether an identifier is a reference to a name (not a definition, parameter, keyword or import). */
export function isReference(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.type) {
    case 'function_definition':
    case 'class_definition':
      return p.childForFieldName('name')?.id !== id.id;
    case 'keyword_argument':
      return p.childForFieldName('name')?.id !== id.id;
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'dotted_name':
    case 'aliased_import':
    case 'global_statement':
    case 'nonlocal_statement':
      return false;
    case 'default_parameter':
    case 'typed_default_parameter':
      return p.childForFieldName('name')?.id !== id.id;
    case 'attribute':
      return p.childForFieldName('object')?.id === id.id;
    default:
      return true;
  }
}
