/**
 * Odd and hostile inputs built from a seed Python file: line endings, tabs, a BOM, bytes that are
 * not UTF-8 (decoded as the CLI decodes a file), NUL bytes, a huge file, a huge line, deep
 * nesting, an empty file, a file of only comments.
 */

export interface OddInput {
  name: string;
  text: string;
}

/** Bytes decoded as `fs.readFileSync(file, 'utf8')` does in the CLI: invalid sequences become U+FFFD. */
export function decodeAsCli(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function nonUtf8(seed: string): string {
  const bytes = Buffer.from(seed, 'utf8');
  const out: number[] = [];
  // In comments: Latin-1 é (0xE9), a stray continuation byte, a truncated sequence, 0xFF 0xFE, a UTF-16 surrogate.
  const bad = [[0xe9], [0x80], [0xc3], [0xff, 0xfe], [0xed, 0xa0, 0x80]];
  let n = 0;
  bytes.forEach((b) => {
    out.push(b);
    if (b === 0x23) out.push(...bad[n++ % bad.length]);
  });
  return decodeAsCli(Uint8Array.from(out));
}

function nested(depth: number, open: (i: number) => string, close: (i: number) => string, body: string): string {
  let s = body;
  for (let i = depth - 1; i >= 0; i--) s = open(i) + s + close(i);
  return s;
}

/** Deeply nested code of several kinds, `depth` levels each. */
export function deepNesting(depth: number): OddInput[] {
  const ind = (i: number) => ' '.repeat(i);
  const ifs = Array.from({ length: depth }, (_, i) => `${ind(i)}if x${i}:\n`).join('') + `${ind(depth)}y = 1\n`;
  const defs = 'import torch\n' + Array.from({ length: depth }, (_, i) => `${ind(i)}def f${i}(t: torch.Tensor):\n`).join('') + `${ind(depth)}return t\n`;
  const tries = Array.from({ length: depth }, (_, i) => `${ind(i)}try:\n`).join('') + `${ind(depth)}pass\n` + Array.from({ length: depth }, (_, k) => `${ind(depth - 1 - k)}except OSError:\n${ind(depth - k)}pass\n`).join('');
  return [
    { name: `${depth} nested ifs`, text: ifs },
    { name: `${depth} nested defs`, text: defs },
    { name: `${depth} nested try/except`, text: tries },
    { name: `${depth} nested parentheses`, text: `x = ${nested(depth, () => '(', () => ')', '1')}\n` },
    { name: `${depth} nested lists`, text: `x = ${nested(depth, () => '[', () => ']', '')}\n` },
    { name: `${depth} nested calls`, text: `x = ${nested(depth, () => 'f(', () => ')', 'y')}\n` },
    { name: `${depth} nested lambdas`, text: `g = ${nested(depth, (i) => `lambda a${i}: `, () => '', 'a0')}\n` },
    { name: `${depth} chained attributes`, text: `x = a${'.b'.repeat(depth)}\n` },
    { name: `${depth} unclosed brackets`, text: `x = ${'(['.repeat(depth)}\n` },
  ];
}

/** A 100,000-character line in several forms. */
export function longLines(length = 100_000): OddInput[] {
  const items = Math.ceil(length / 3);
  return [
    { name: 'a 100,000-character list literal', text: `import torch\nx = [${'1, '.repeat(items)}]\n` },
    { name: 'a 100,000-character string', text: `s = "${'a'.repeat(length)}"\n` },
    { name: 'a 100,000-character comment', text: `# ${'word '.repeat(length / 5)}\nx = 1\n` },
    { name: 'a 100,000-character expression', text: `y = ${Array.from({ length: length / 4 }, (_, i) => `a${i % 10}`).join('+')}\n` },
    { name: 'a 100,000-character line without a newline', text: 'x'.repeat(length) },
  ];
}

/**
 * Text of about `bytes` characters made by repeating `seed`, its definitions renamed and its
 * top-level imports kept only in the first copy (one big module, not thousands of import lines).
 */
export function bigFile(seed: string, bytes: number): string {
  const parts: string[] = [];
  const body = seed.replace(/^(?:import|from) [^\n(]*(?:\([^)]*\))?[^\n]*\n/gm, '');
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const copy = (i === 0 ? seed : body).replace(/^(\s*)(def|class) (\w+)/gm, `$1$2 $3_${i}`);
    parts.push(copy);
    size += copy.length + 1;
  }
  return parts.join('\n');
}

/** Every odd input derived from `seed` (a Python file), except the big ones. */
export function oddInputs(seed: string): OddInput[] {
  const lf = seed.replace(/\r\n?/g, '\n');
  const lines = lf.split('\n');
  return [
    { name: 'empty file', text: '' },
    { name: 'only a newline', text: '\n' },
    { name: 'only whitespace', text: ' \t \n\n   \n\t' },
    { name: 'only comments', text: '# a comment\n# x = 1\n#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# mantra: ignore-file[\n# noqa\n' },
    { name: 'only a docstring', text: '"""Module."""\n' },
    { name: 'CRLF line endings', text: lf.replace(/\n/g, '\r\n') },
    { name: 'mixed line endings', text: lines.map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join('') },
    { name: 'CR-only line endings', text: lf.replace(/\n/g, '\r') },
    { name: 'no final newline', text: lf.replace(/\n+$/, '') },
    { name: 'tab indentation', text: lf.replace(/^( {4})+/gm, (s) => '\t'.repeat(s.length / 4)) },
    { name: 'mixed tabs and spaces', text: lines.map((l, i) => (i % 2 ? l.replace(/^ {4}/, '\t') : l)).join('\n') },
    { name: 'a BOM', text: '\uFEFF' + lf },
    { name: 'a BOM and CRLF', text: '\uFEFF' + lf.replace(/\n/g, '\r\n') },
    { name: 'non-UTF-8 bytes', text: nonUtf8(lf) },
    { name: 'NUL bytes', text: lines.map((l, i) => (i % 5 === 0 ? l + '\0' : l)).join('\n') },
    { name: 'a NUL byte first', text: '\0' + lf },
    { name: 'lone surrogates', text: lf.replace(/# /g, '# \uD800 ') },
    { name: 'astral characters', text: lf.replace(/# /g, '# 😀𝕏 ').replace(/"([a-z]+)"/g, '"$1🔥"') },
    { name: 'form feeds and vertical tabs', text: lines.map((l, i) => (i % 4 === 0 ? '\f' + l : i % 4 === 1 ? l + '\v' : l)).join('\n') },
    { name: 'unicode line separators', text: lf.replace(/# /g, '# \u2028\u0085 ') },
    { name: 'trailing backslash', text: lf + '\\' },
    { name: 'unterminated triple quote', text: lf + '\n"""never closed\n' },
    { name: 'half the file indented', text: lines.map((l, i) => (i > lines.length / 2 ? '  ' + l : l)).join('\n') },
  ];
}
