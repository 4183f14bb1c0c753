import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { combinedQueryOf, lint, splitPatterns, type ActiveRule } from '../../src/core/engine';
import { parsePython, type Node } from '../../src/core/parse/python';
import { capture, defineRule, methodCalls, nameCalls } from '../../src/core/rule';
import { RULES } from '../../src/core/rules';
import { z } from 'zod';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'research-project', 'src', 'tinyformer');
const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));

function sources(): Array<{ name: string; text: string }> {
  const files = fs.readdirSync(EXAMPLE).filter((f) => f.endsWith('.py')).sort();
  const out = files.map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLE, f), 'utf8') }));
  out.push({ name: 'examples.py', text: RULES.map((r) => r.meta.example.flagged).join('\n\n') });
  return out;
}

describe('engine', () => {
  it('with some rules active, gives exactly those rules’ findings of a lint with every rule', () => {
    for (const { name, text } of sources()) {
      const tree = parsePython(text);
      const all = lint({ text, tree, path: name, rules: ACTIVE }, RULES).findings;
      for (const pick of [[0, 3, 5], [1, 2], [4, 6, 7, 8], [ACTIVE.length - 1]]) {
        const some = pick.filter((i) => i < ACTIVE.length).map((i) => ACTIVE[i]!);
        const ids = new Set(some.map((a) => a.rule.meta.id));
        const subset = lint({ text, tree, path: name, rules: some }, RULES).findings;
        assert.deepStrictEqual(subset, all.filter((f) => ids.has(f.ruleId)), `${name}: ${[...ids].join(', ')}`);
      }
      tree.delete();
    }
  });

  it('compiles one query per set of active rules, and keeps it', () => {
    const some = ACTIVE.slice(0, 2);
    assert.strictEqual(combinedQueryOf(RULES, some), combinedQueryOf(RULES, ACTIVE.slice(0, 2)));
    assert.notStrictEqual(combinedQueryOf(RULES, some), combinedQueryOf(RULES, ACTIVE));
  });

  it('splits a query into its top-level patterns, capture names taken out', () => {
    const parts = splitPatterns('(function_definition name: (identifier) @name) @def ; a comment\n[(import_statement) (import_from_statement)] @import\n((call function: (identifier) @fn) (#eq? @fn "a(b"))');
    assert.deepStrictEqual(parts, [
      { shape: '(function_definition name: (identifier) @c0) @c1', names: ['name', 'def'] },
      { shape: '[(import_statement) (import_from_statement)] @c0', names: ['import'] },
      { shape: '((call function: (identifier) @c0) (#eq? @c0 "a(b"))', names: ['fn'] },
    ]);
  });

  it('compiles a pattern two rules write under other names once, and gives each rule its matches under its names', () => {
    const meta = (id: string) => ({ ...RULES[0]!.meta, id });
    const seen: Record<string, string[]> = {};
    const rule = (id: string, query: string) =>
      defineRule({ meta: meta(id), options: z.object({}).strict(), query, check: (ctx) => void (seen[id] = ctx.matches.map((m) => m.captures.map((c) => `${c.name}=${c.node.text}`).join(' '))) });
    const registry = [rule('a', '(function_definition name: (identifier) @name) @def'), rule('b', '(function_definition name: (identifier) @fname) @fn\n(return_statement) @ret')];
    const active = registry.map((r) => ({ rule: r, severity: 'warning' as const, options: {}, source: null }));
    assert.strictEqual(combinedQueryOf(registry, active).query.patternCount(), 6); // comments, imports, the engine's definitions (2), the rules' shared one, return
    const text = 'def f():\n    return 1\n';
    const tree = parsePython(text);
    lint({ text, tree, path: 'x.py', rules: active }, registry);
    tree.delete();
    assert.deepStrictEqual(seen.a, ['def=def f():\n    return 1 name=f']);
    assert.deepStrictEqual(seen.b, ['fn=def f():\n    return 1 fname=f', 'ret=return 1']);
  });

  it('compiles the name-call patterns of several rules as one, and gives each rule the calls of its own names', () => {
    const meta = (id: string) => ({ ...RULES[0]!.meta, id });
    const seen: Record<string, string[]> = {};
    const rule = (id: string, query: string) =>
      defineRule({ meta: meta(id), options: z.object({}).strict(), query, check: (ctx) => void (seen[id] = ctx.matches.map((m) => capture(m, 'call')!.text)) });
    const registry = [rule('a', nameCalls(['getattr', 'next'])), rule('b', nameCalls(['next', 'isinstance'])), rule('c', methodCalls(['get']))];
    const active = registry.map((r) => ({ rule: r, severity: 'warning' as const, options: {}, source: null }));
    assert.strictEqual(combinedQueryOf(registry, active).query.patternCount(), 6); // comments, imports, definitions (2), name calls, method calls
    // Names are whole identifiers: not `nextx`, `getattré` or `d.gét`, though they start with one.
    const text = 'getattr(o, "a", 1)\nnext(it, None)\nisinstance(x, int)\nlen(x)\nd.get(k)\nd.getattr(k)\nnextx(it)\ngetattré(o)\nd.gét(k)\nd.get2(k)\n';
    const tree = parsePython(text);
    lint({ text, tree, path: 'x.py', rules: active }, registry);
    tree.delete();
    assert.deepStrictEqual(seen, { a: ['getattr(o, "a", 1)', 'next(it, None)'], b: ['next(it, None)', 'isinstance(x, int)'], c: ['d.get(k)'] });
  });

  it('tells the definitions that hold a node as node.parent does, from the definitions the query matched', () => {
    const meta = (id: string) => ({ ...RULES[0]!.meta, id });
    const text = [
      'import torch',
      'class A:',
      '    x = 1',
      '    @staticmethod',
      '    def f(a=lambda: 0):',
      '        def g():',
      '            return a',
      '        class B:',
      '            def h(self): return 1',
      '        return g',
      '    y = 2',
      'def k(b):',
      '    return b',
      'z = 3',
      '',
    ].join('\n');
    const walked = (node: Node) => {
      const out: number[] = [];
      for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') out.push(p.id);
      return out;
    };
    let checked = 0;
    const rule = defineRule({
      meta: meta('x'),
      options: z.object({}).strict(),
      query: '(identifier) @id',
      check: (ctx) => {
        for (const m of ctx.matches) {
          const node = capture(m, 'id')!;
          assert.deepStrictEqual(ctx.facts.enclosingDefinitions(node).map((d) => d.id), walked(node), `${node.text} at ${node.startPosition.row}`);
          checked++;
        }
      },
    });
    const tree = parsePython(text);
    const result = lint({ text, tree, path: 'x.py', rules: [{ rule, severity: 'warning', options: {}, source: null }] }, [rule]);
    tree.delete();
    assert.deepStrictEqual(result.internalErrors.map((e) => e.error.message), []);
    assert.ok(checked >= 15, `only ${checked} identifiers checked`);
  });

  it('runs the combined query on rows: the matches of the nodes in those rows, UTF-16 text or not', () => {
    const text = ['# é𝔘 header', 'def f(x):  # 𝔘𝔘𝔘𝔘', '    return x', '', '', '# between', 'def g(y):', '    """Doc 𝔘."""', '    return y', '', '', 'def h():', '    pass', ''].join('\n');
    const tree = parsePython(text);
    const query = combinedQueryOf(RULES, ACTIVE);
    const all = query.run(tree.rootNode, text);
    const some = query.run(tree.rootNode, text, [{ startRow: 5, endRow: 9 }]);
    assert.deepStrictEqual(some.comments.map((c) => c.text), ['# between']);
    const defsIn = (m: ReturnType<typeof query.run>['matches']) => (m.get('long-function') ?? []).map((x) => x.captures.find((c) => c.name === 'name')!.node.text);
    assert.deepStrictEqual(defsIn(all.matches), ['f', 'g', 'h']);
    assert.deepStrictEqual(defsIn(some.matches), ['g']);
    tree.delete();
  });
});
