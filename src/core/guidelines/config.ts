import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { z } from 'zod';
import type { FileFinding, Fix, GuidelineSource, Severity } from '../finding';
import type { Rule } from '../rule';
import { RULES } from '../rules';
import { lineIndexOf } from '../text';
import { CONFIG_RULE, guidelineProblem, nearest } from './problems';
import type { MantraBlock } from './types';

/** The presets a ```mantra block or the editor settings can name. */
export const PRESETS = ['research'] as const;
export type Preset = (typeof PRESETS)[number];

/** A rule setting: a severity, 'off', or an object with an optional severity and options. */
export type RuleSettingInput = Severity | 'off' | ({ severity?: Severity | 'off' } & Record<string, unknown>);

/** One rule's entry of a ```mantra block, validated. */
export interface RuleConfigEntry {
  ruleId: string;
  /** Absent when the entry only sets options. */
  severity?: Severity | 'off';
  options: Record<string, unknown>;
  /** The block line that set it. */
  source: GuidelineSource;
}

/** A ```mantra block, parsed: what is valid, and a problem for each thing that is not. */
export interface MantraConfig {
  rules: RuleConfigEntry[];
  exclude: string[];
  preset?: Preset;
  problems: FileFinding[];
}

const SEVERITY_WORDS: Record<string, Severity | 'off'> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
};

/** A severity as written in a block (`error`, `warn`, `info`, `off`, or `true`/`false`). */
export const severitySchema = z.union([
  z.enum(Object.keys(SEVERITY_WORDS) as [string, ...string[]]).transform((s) => SEVERITY_WORDS[s]),
  z.boolean(),
]);
const excludeSchema = z.union([z.string(), z.array(z.string())]);
const presetSchema = z.enum(PRESETS);
const TOP_KEYS = ['rules', 'exclude', 'preset'];
/** The longest ```mantra block read (64 KB: a block sets a few dozen rules). */
export const MAX_BLOCK_CHARS = 65_536;

/**
 * Parses and validates a severity word: `true` means the rule's default severity. Returns
 * undefined when it is not one.
 */
export function parseSeverity(value: unknown, rule: Rule<any> | undefined): Severity | 'off' | undefined {
  const r = severitySchema.safeParse(typeof value === 'string' ? value.toLowerCase() : value);
  if (!r.success) return undefined;
  if (r.data === true) return rule?.meta.defaultSeverity ?? 'warning';
  if (r.data === false) return 'off';
  return r.data as Severity | 'off';
}

/** Option names of a rule's schema, when it is an object schema. */
export function optionNames(rule: Rule<any>): string[] {
  const shape = (rule.options as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Validates options against a rule's schema. Returns the valid subset and one message per
 * offending key (unknown option, wrong type).
 */
export function validateOptions(rule: Rule<any>, options: Record<string, unknown>): { valid: Record<string, unknown>; errors: { key: string; message: string }[] } {
  const errors: { key: string; message: string }[] = [];
  const valid = { ...options };
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = rule.options.safeParse(valid);
    if (r.success) return { valid, errors };
    let removed = false;
    for (const issue of r.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : issue.path.length ? [String(issue.path[0])] : [];
      for (const key of keys) {
        if (!(key in valid)) continue;
        delete valid[key];
        removed = true;
        const names = optionNames(rule);
        if (issue.code === 'unrecognized_keys') {
          const near = nearest(key, names);
          errors.push({
            key,
            message: `'${key}' is not an option of ${rule.meta.id}: ${near ? `did you mean '${near}'?` : names.length ? `its options are ${names.join(', ')}` : 'it takes no options'}`,
          });
        } else {
          errors.push({ key, message: `${rule.meta.id}.${key} is invalid (${issue.message}): fix its value` });
        }
      }
    }
    if (!removed) return { valid: {}, errors: [...errors, { key: '', message: `${rule.meta.id} options are invalid (${r.error.issues[0]?.message}): fix them` }] };
  }
  return { valid: {}, errors };
}

/**
 * Parses a ```mantra block (YAML: `rules: { id: severity | off | { severity, ...options } }`,
 * `exclude: [globs]`, `preset: research`). Every problem (bad YAML, unknown rule id with the
 * nearest id, wrong type, unknown option) is a `guideline-config` finding at the offending line
 * of the guideline file; the valid rest still applies. Pass the file's text to get quick fixes
 * for misspelt ids.
 */
export function parseMantraBlock(block: MantraBlock, fileText?: string, rules: readonly Rule<any>[] = RULES): MantraConfig {
  const out: MantraConfig = { rules: [], exclude: [], problems: [] };
  if (block.text.length > MAX_BLOCK_CHARS) {
    // The YAML parser's duplicate-key check is quadratic: a 400 KB block takes minutes.
    const message = `the mantra block is ${block.text.length.toLocaleString('en-US')} characters long, more than the ${MAX_BLOCK_CHARS.toLocaleString('en-US')} Mantra reads: shorten it to the rules you set (one line each)`;
    out.problems.push(guidelineProblem(CONFIG_RULE, block.file, { line: Math.max(0, block.line - 1), start: 0, end: 0 }, message, 'error'));
    return out;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const blockLines = block.text.split('\n');
  const fileIndex = fileText !== undefined ? lineIndexOf(fileText) : undefined;

  const posOf = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: block.line + p.line - 1, character: block.indent + p.col - 1 };
  };
  const at = (node: { range?: [number, number, number] | null } | null | undefined) => {
    const r = node?.range ?? [0, 0, 0];
    const s = posOf(r[0]);
    const e = posOf(r[1]);
    return { line: s.line, start: s.character, end: e.line === s.line ? e.character : s.character };
  };
  const problem = (node: { range?: [number, number, number] | null } | null | undefined, message: string, fix?: Fix) =>
    out.problems.push(guidelineProblem(CONFIG_RULE, block.file, at(node), message, 'error', fix));
  const sourceOf = (node: { range?: [number, number, number] | null }): GuidelineSource => {
    const p = lineCounter.linePos(node.range?.[0] ?? 0);
    return { file: block.file, line: block.line + p.line - 1, text: (blockLines[p.line - 1] ?? '').trim() };
  };
  const replaceFix = (node: { range?: [number, number, number] | null }, text: string): Fix | undefined => {
    if (!fileIndex || !node.range) return undefined;
    const s = posOf(node.range[0]);
    const e = posOf(node.range[1]);
    return {
      title: `Change to '${text}'`,
      edits: [{ start: fileIndex.offsetAt(s), end: fileIndex.offsetAt(e), text }],
      safe: false,
    };
  };

  const errorOffsets = doc.errors.map((e) => e.pos[0]);
  const errorLines = new Set(errorOffsets.map((o) => posOf(o).line));
  // An error found at the end of the block (an unclosed `[`) is shown on its last line, not on the closing fence.
  const lastContent = Math.max(0, block.text.trimEnd().length - 1);
  for (const e of doc.errors) {
    const p = posOf(Math.min(e.pos[0], lastContent));
    out.problems.push(
      guidelineProblem(CONFIG_RULE, block.file, { line: p.line, start: p.character, end: p.character }, `the mantra block is not valid YAML (${e.message.split('\n')[0].replace(/[.:]\s*$/, '')}): fix this line`, 'error'),
    );
  }
  const broken = (node: { range?: [number, number, number] | null } | null | undefined) =>
    !!node?.range && errorOffsets.some((o) => o >= node.range![0] && o <= node.range![2]);

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return out;
  if (!isMap(contents)) {
    if (!doc.errors.length) problem(contents, 'a mantra block holds a mapping with rules:, exclude: and preset:: write `rules:` on the first line');
    return out;
  }
  const ids = rules.map((r) => r.meta.id);

  for (const pair of contents.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = pair.key;
    const name = isScalar(key) ? String(key.value) : '';
    if (broken(pair.key as YamlNode) && broken(pair.value)) continue;
    if (name === 'rules') {
      const value = pair.value;
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        if (!broken(value)) problem(value, '`rules` must map rule ids to a severity (error, warning, information, off) or to { severity, …options }');
        continue;
      }
      for (const rp of value.items as Pair<YamlNode, YamlNode | null>[]) {
        if (broken(rp.value) || broken(rp.key)) continue;
        const id = isScalar(rp.key) ? String(rp.key.value) : '';
        const rule = rules.find((r) => r.meta.id === id);
        if (!rule) {
          const near = nearest(id, ids);
          problem(
            rp.key,
            `'${id}' is not a Mantra rule: ${near ? `did you mean '${near}'?` : 'run `mantra explain` for the list of rules'}`,
            near ? replaceFix(rp.key, near) : undefined,
          );
          continue;
        }
        const v = rp.value;
        const entry: RuleConfigEntry = { ruleId: id, options: {}, source: sourceOf(rp.key) };
        if (v === null || isScalar(v)) {
          const sev = parseSeverity(v === null ? null : v.value, rule);
          if (sev === undefined) {
            problem(v ?? rp.key, `${id} must be set to error, warning, information, hint or off, or to { severity, …options }, not ${JSON.stringify(v === null ? null : v.value)}`);
            continue;
          }
          entry.severity = sev;
        } else if (isMap(v)) {
          const options: Record<string, unknown> = {};
          const keyNodes = new Map<string, YamlNode>();
          let ok = true;
          for (const op of v.items as Pair<YamlNode, YamlNode | null>[]) {
            const k = isScalar(op.key) ? String(op.key.value) : '';
            keyNodes.set(k, op.key);
            const raw = op.value === null ? null : op.value.toJSON();
            if (k === 'severity') {
              const sev = parseSeverity(raw, rule);
              if (sev === undefined) {
                problem(op.value ?? op.key, `${id}.severity must be error, warning, information, hint or off, not ${JSON.stringify(raw)}`);
                ok = false;
              } else entry.severity = sev;
            } else options[k] = raw;
          }
          const { valid, errors } = validateOptions(rule, options);
          for (const e of errors) {
            const keyNode = keyNodes.get(e.key);
            const pairNode = (v.items as Pair<YamlNode, YamlNode | null>[]).find((p) => p.key === keyNode);
            const target = e.message.includes('is not an option') ? keyNode : pairNode?.value ?? keyNode;
            problem(target ?? rp.key, e.message);
          }
          if (!ok && Object.keys(valid).length === 0) continue;
          entry.options = valid;
        } else {
          problem(v, `${id} must be set to a severity or to { severity, …options }, not a list`);
          continue;
        }
        out.rules.push(entry);
      }
    } else if (name === 'exclude') {
      const raw = pair.value === null ? null : pair.value.toJSON();
      const r = excludeSchema.safeParse(raw);
      if (!r.success) {
        problem(pair.value ?? key, '`exclude` must be a list of glob strings, such as ["scripts/**", "*.ipynb"]');
        continue;
      }
      out.exclude.push(...(typeof r.data === 'string' ? [r.data] : r.data));
    } else if (name === 'preset') {
      const raw = pair.value === null ? null : pair.value.toJSON();
      const r = presetSchema.safeParse(raw);
      if (!r.success) {
        problem(pair.value ?? key, `unknown preset ${JSON.stringify(raw)}: the presets are ${PRESETS.join(', ')}`);
        continue;
      }
      out.preset = r.data;
    } else if (!errorLines.has(at(key as YamlNode).line)) {
      // (A key on a line with a YAML error, such as a tab-indented rule, is that error's echo.)
      const near = nearest(name, TOP_KEYS);
      problem(key, `'${name}' is not a mantra block key: ${near ? `did you mean '${near}'?` : 'use rules, exclude or preset'}`, near ? replaceFix(key as YamlNode, near) : undefined);
    }
  }
  return out;
}
