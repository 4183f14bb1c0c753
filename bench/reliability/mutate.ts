/**
 * Random damage to source text, the way editing leaves it half-typed: deletions, insertions and
 * swaps of characters and of lines. Deterministic for a seed, so a failure can be replayed.
 */

/** One mutation; positions are fractions of the text (or of its lines), so any text takes any op. */
export type Mutation =
  | { kind: 'delete-chars'; at: number; length: number }
  | { kind: 'insert-chars'; at: number; text: string }
  | { kind: 'swap-chars'; a: number; b: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number; to: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'truncate'; at: number };

/** Python-ish fragments that make interesting damage (brackets, quotes, indentation, keywords). */
export const FRAGMENTS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '"', "'", '"""', '#', '\\', '\n', '\r\n', '\r', '\t', '    ', ' ', '@', '*', '**', '->',
  'def ', 'class ', 'try:', 'except', 'except Exception:', 'finally:', 'with ', 'if ', 'else:', 'elif ', 'for ', 'in ', 'while ', 'return', 'yield ',
  'lambda ', 'async ', 'await ', 'import ', 'from ', 'pass', 'raise', 'None', 'assert ', 'torch.', 'x.shape', '.get(', 'getattr(', '\0', '\uFEFF',
  'é', '\u00A0', '😀', '\uFFFD', '\u2028', 'f"{', '}"', 'match ', 'case ', ':=', '# mantra: ignore[', '# noqa',
];

const pos = (fraction: number, length: number) => Math.min(length, Math.max(0, Math.floor(fraction * (length + 1))));

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** Applies one mutation. */
export function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete-chars': {
      const at = pos(m.at, text.length);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert-chars': {
      const at = pos(m.at, text.length);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'swap-chars': {
      if (text.length < 2) return text;
      let a = pos(m.a, text.length - 1);
      let b = pos(m.b, text.length - 1);
      if (a > b) [a, b] = [b, a];
      if (a === b) return text;
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
    case 'delete-line': {
      const lines = splitLines(text);
      lines.splice(pos(m.at, lines.length - 1), 1);
      return lines.join('');
    }
    case 'duplicate-line': {
      const lines = splitLines(text);
      const line = lines[pos(m.at, lines.length - 1)] ?? '';
      lines.splice(pos(m.to, lines.length), 0, line.endsWith('\n') ? line : line + '\n');
      return lines.join('');
    }
    case 'swap-lines': {
      const lines = splitLines(text);
      const a = pos(m.a, lines.length - 1);
      const b = pos(m.b, lines.length - 1);
      if (a >= lines.length || b >= lines.length) return text;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('');
    }
    case 'truncate':
      return text.slice(0, pos(m.at, text.length));
  }
}

/** A small seeded PRNG (mulberry32): the corpus run's mutations, replayable from the seed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random mutation drawn from `random`. */
export function randomMutation(random: () => number): Mutation {
  const r = random();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  if (r < 0.2) return { kind: 'delete-chars', at: random(), length: 1 + Math.floor(random() * (random() < 0.8 ? 3 : 200)) };
  if (r < 0.45) {
    const text = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(FRAGMENTS)).join('');
    return { kind: 'insert-chars', at: random(), text };
  }
  if (r < 0.55) return { kind: 'swap-chars', a: random(), b: random() };
  if (r < 0.7) return { kind: 'delete-line', at: random() };
  if (r < 0.8) return { kind: 'duplicate-line', at: random(), to: random() };
  if (r < 0.95) return { kind: 'swap-lines', a: random(), b: random() };
  return { kind: 'truncate', at: random() };
}
