import { z } from 'zod';
import type { Node } from '../parse/python';
import { aliasMap, canonicalName, chainOf, CONVENTIONAL_ALIASES, hasPrefix, importBindings, isReference } from '../names';
import { defineRule } from '../rule';

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const entry = z
  .object({
    /** The dotted name a guideline forbids, as it wrote it: `os.path`, `hasattr`, `plt.savefig`. */
    name: z.string().regex(/^[A-Za-z_][\w.]*(?:\(\))?$/, 'a dotted Python name such as os.path'),
    /** What the guideline says to use instead, as it wrote it ("pathlib", "Fire", "save_figure"). */
    replacement: z.string().optional(),
    /** A message of the guideline's own, used as the finding's message. */
    message: z.string().optional(),
    /** Whether the replacement is a plain rename of the name (the guideline wrote `a` → `b`): then a fix renames calls. */
    rename: z.boolean().optional(),
  })
  .strict();

const options = z
  .object({
    /** The names (a bare string is a name without replacement). */
    names: z.array(z.union([z.string().transform((name) => ({ name })), entry])).default([]),
  })
  .strict();

type Entry = z.infer<typeof entry>;

interface Banned extends Entry {
  /** The name without a trailing `()`. */
  dotted: string;
}

function messageOf(b: Banned): string {
  if (b.message) return b.message;
  return b.replacement ? `'${b.dotted}' is banned by the guidelines: use ${b.replacement} instead` : `'${b.dotted}' is banned by the guidelines: do without it`;
}

/**
 * What it does: flags the calls, attribute chains and imports of names that a guideline forbids
 * in a code span ("use `pathlib` instead of `os.path`", "never use `hasattr`", "`plt.savefig` →
 * `save_figure`"). A name matches as written and through the module's imports (`plt.savefig`
 * also matches `matplotlib.pyplot.savefig` and `from matplotlib.pyplot import savefig`); a
 * module name matches everything below it (`os.path` flags `os.path.join(...)`, once).
 * Why: 10 of 28 public guideline files of ML repositories ban project-specific APIs by name.
 * Options: `names: [{ name, replacement?, message?, rename? }]`, built by the mapper from the
 * guideline's code spans; lists from several guideline files add up.
 * Fix: only when the guideline gives a plain rename (`a` → `b`) and the use is exactly the name:
 * rename it (not safe: the new name may need an import).
 * (No query: matching every identifier would cost each file even when no name is banned; the
 * rule walks the attribute and identifier nodes only when a banned name's text is in the file.)
 */
export default defineRule({
  meta: {
    id: 'banned-api',
    category: 'project',
    guideline: 'Do not use the APIs the guidelines forbid by name; use the replacement they give.',
    defaultSeverity: 'warning',
    description: 'Flags calls, attributes and imports of names a guideline forbids, naming the replacement it gives.',
    phrases: { avoid: [/\b(?:banned|forbidden|prohibited|blocked)\s+(?:apis?|functions?|modules?|imports?|calls?)\b/i] },
    listOptions: ['names'],
    fixable: true,
    example: {
      flagged: 'import os\n\nconfig = os.path.join(root, "config.yaml")\n',
      fixed: 'from pathlib import Path\n\nconfig = Path(root) / "config.yaml"\n',
    },
  },
  options,
  check(ctx) {
    const banned: Banned[] = ctx.options.names.map((e) => ({ ...e, dotted: e.name.replace(/\(\)$/, '') })).filter((b) => DOTTED.test(b.dotted));
    // Cheap test first: a name can only be used where its last segment is written.
    const present = banned.filter((b) => ctx.text.includes(b.dotted.slice(b.dotted.lastIndexOf('.') + 1)));
    if (present.length === 0) return;
    const root = ctx.tree.rootNode;
    const bindings = importBindings(root);
    const aliases = aliasMap(bindings);
    // A guideline writes real module names or the conventional aliases (`np`, `plt`).
    const canon = present.map((b) => canonicalName(b.dotted, CONVENTIONAL_ALIASES));
    const find = (dotted: string, written?: string): number =>
      present.findIndex((b, i) => hasPrefix(dotted, canon[i]) || (written !== undefined && hasPrefix(written, b.dotted)));

    // Imports: `import os.path`, `from os import path`, `from os.path import join` (once per statement).
    const reportedStatements = new Set<number>();
    for (const b of bindings) {
      const full = b.module ?? b.target;
      const i = find(full);
      if (i < 0) continue;
      if (b.statement.type === 'import_from_statement') {
        const module = b.statement.childForFieldName('module_name')!;
        if (find(module.text) >= 0) {
          if (reportedStatements.has(b.statement.id)) continue;
          reportedStatements.add(b.statement.id);
          ctx.report({ node: module, message: messageOf(present[find(module.text)]) });
          continue;
        }
      }
      ctx.report({ node: b.node, message: messageOf(present[i]) });
    }

    // References: the outermost node of each dotted chain; the shortest prefix that is banned.
    for (const node of root.descendantsOfType(['attribute', 'identifier'])) {
      if (!node) continue;
      const parent = node.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === node.id) continue;
      if (node.type === 'identifier' && !isReference(node)) continue;
      if (insideImport(node)) continue;
      const chain = chainOf(node);
      if (!chain) continue;
      // As written, it also matches where its head is unbound or a project's own alias
      // (`import data_pipeline as dp` for a banned `dp.load`), not a module of the same name.
      const target = aliases.get(chain.parts[0]);
      const asWritten = target === undefined || target.slice(target.lastIndexOf('.') + 1) !== chain.parts[0];
      for (let k = 1; k <= chain.parts.length; k++) {
        const written = chain.parts.slice(0, k).join('.');
        const i = find(canonicalName(written, aliases), asWritten ? written : undefined);
        if (i < 0) continue;
        const b = present[i];
        const at = chain.nodes[k - 1];
        const exact = k === chain.parts.length;
        const fix =
          b.rename && b.replacement && DOTTED.test(b.replacement) && exact && isCallee(node)
            ? { title: `Replace '${written}' with '${b.replacement}'`, edits: [{ start: at.startIndex, end: at.endIndex, text: b.replacement }], safe: false }
            : undefined;
        ctx.report({ node: at, message: messageOf(b), ...(fix ? { fix } : {}) });
        break;
      }
    }
  },
});

function insideImport(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'import_statement' || p.type === 'import_from_statement') return true;
    if (p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}

/** Whether a chain is the function of a call (`plt.savefig(...)`) or a decorator. */
function isCallee(node: Node): boolean {
  const p = node.parent;
  return (p?.type === 'call' && p.childForFieldName('function')?.id === node.id) || p?.type === 'decorator';
}
