import { z } from 'zod';
import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { touchesChanged } from '../diff';
import { defineRule } from '../rule';
import { commentBody, deleteLinesFix, isCodeText, isOwnLine, PRAGMA } from './commented-out-code';

/** Verbs a narrating comment starts with ("# loop over the data", "# compute the loss"). */
const VERBS = [
  'loop', 'iterate', 'compute', 'calculate', 'calc', 'get', 'fetch', 'retrieve', 'set', 'initialize', 'initialise',
  'init', 'create', 'define', 'build', 'construct', 'instantiate', 'call', 'invoke', 'return', 'check', 'verify',
  'update', 'increment', 'decrement', 'increase', 'decrease', 'add', 'append', 'extend', 'insert', 'remove', 'delete',
  'convert', 'cast', 'transform', 'apply', 'load', 'save', 'store', 'print', 'import', 'assign', 'reshape', 'resize',
  'flatten', 'squeeze', 'unsqueeze', 'permute', 'transpose', 'concatenate', 'concat', 'stack', 'run', 'move', 'copy',
  'clone', 'sort', 'filter', 'normalize', 'normalise', 'split', 'extract', 'declare', 'make', 'prepare', 'perform',
  'use', 'read', 'write', 'open', 'close', 'parse', 'generate', 'process', 'multiply', 'divide', 'subtract', 'sum',
  'average', 'clip', 'clamp', 'count', 'find', 'select', 'pick', 'take', 'pass', 'send', 'feed', 'push', 'pop',
  'reset', 'clear', 'sample', 'shuffle', 'evaluate', 'predict', 'backprop', 'backpropagate', 'wrap', 'unwrap', 'go',
  'handle', 'collect', 'gather', 'accumulate', 'zero', 'detach', 'freeze', 'unfreeze', 'mask', 'pad', 'truncate',
  'encode', 'decode', 'embed', 'project', 'scale', 'merge', 'combine', 'join', 'display', 'plot', 'show', 'log',
  'determine', 'grab', 'exit', 'skip', 'start', 'stop', 'finish', 'end',
];
const STEM_OF = new Map<string, string>();
for (const v of VERBS) for (const f of [v, v + 's', v + 'es', v.replace(/e$/, '') + 'ing', v + 'ing', v.replace(/y$/, 'ies'), v + v.slice(-1) + 'ing']) if (!STEM_OF.has(f)) STEM_OF.set(f, v);

/** Verbs that are as often nouns ("# log probs", "# mask for padding", "# end of loop"): only the
 *  imperative counts, and only with a determiner or a name from the code after it. */
const AMBIGUOUS = new Set([
  'log', 'mask', 'scale', 'sum', 'count', 'end', 'start', 'stop', 'project', 'zero', 'set', 'return', 'check', 'update',
  'call', 'print', 'sort', 'copy', 'load', 'split', 'run', 'process', 'average', 'sample', 'pad', 'embed', 'pass', 'go',
  'skip', 'exit', 'show', 'plot', 'display', 'store', 'merge', 'join', 'filter', 'clip', 'feed', 'push', 'pop', 'find',
  'take', 'select', 'pick', 'handle', 'wrap', 'unwrap', 'concat', 'stack', 'import', 'use', 'open', 'close', 'read',
  'write', 'cast', 'move', 'loop', 'finish', 'save', 'init', 'calc', 'reset', 'clear', 'send', 'freeze',
  'shuffle', 'resize', 'reshape', 'flatten', 'permute', 'clone', 'add', 'make', 'get', 'define', 'apply', 'collect', 'gather',
]);

/** Words after a verb that make it an action on something ("over the data", "it", "all"). */
const OBJECT_WORDS = new Set([
  'the', 'a', 'an', 'all', 'each', 'every', 'over', 'through', 'into', 'to', 'from', 'with', 'for', 'on', 'in', 'it',
  'them', 'this', 'that', 'these', 'those', 'our', 'its', 'their', 'new', 'some', 'any', 'both', 'up', 'out', 'down',
  'back', 'current', 'next', 'final', 'one', 'two', 'my', 'his', 'her', 'here', 'again', 'everything',
]);
/** The object words an ambiguous verb needs: determiners and pronouns, "over"/"through" for loops. */
const DETERMINERS = new Set([
  'the', 'a', 'an', 'all', 'each', 'every', 'it', 'them', 'this', 'that', 'these', 'those', 'our', 'its', 'their',
  'some', 'any', 'both', 'everything', 'over', 'through', 'up', 'my', 'new', 'current', 'final',
]);

const PYTHON_KEYWORDS = new Set(('false none true and as assert async await break class continue def del elif else except ' +
  'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self cls').split(' '));

/** Openers of narration: "# here we …", "# now …", "# then …", "# first, …", "# let's …". */
const LEAD_IN = /^(?:(?:here|now|then|first(?:ly)?|second(?:ly)?|next|finally|lastly|so|and|also|after that|afterwards|simply|just)\s*,?\s+)*(?:(?:we|i)\s+(?:will\s+|can\s+|need\s+to\s+|want\s+to\s+|have\s+to\s+|now\s+|then\s+|first\s+)*|let'?s\s+)?/i;

/** "# this loop computes …", "# the following line sets …". */
const THIS_DOES = /^(?:this|the\s+following|the\s+next|below|above)\s+(?:function|method|loop|line|lines|block|code|section|part|step|statement|call)\s+(?:will\s+|just\s+|simply\s+)?(\w+)/i;

/** Narration of a decision: "# not using x because of y", "# no need to …". */
const DECISION = /^(?:(?:we|i)\s+(?:are\s+|do\s+|don'?t\s+)?)?(?:not\s+\w+ing\b|no\s+need\s+to\b|don'?t\s+need\s+to\b|do\s+not\s+need\s+to\b)/i;

/** Comments kept: shapes, references, notes, reasons tied to something outside the code. */
const SHAPE = /\bshapes?\b|\bdims?\b|\bdimensions?\b|[([]\s*[\w*.+\-/]+(?:\s*,\s*[\w*.+\-/]+)+\s*,?\s*[)\]]|\b[A-Z0-9]\w*\s*[x×]\s*[A-Z0-9]\w*\b|\b[a-z]\w*\s+×\s+\w+|->|→|^\s*[A-Z](?:\s*[,x×]?\s*[A-Z])+\s*$/;
const NOTE = /^(?:todo|fixme|xxx|hack|note|nb|n\.b\.|bug|warning|warn|important|caution|deprecated|optimi[sz]e|perf|see|cf\.?|ref|refs|reference|source|from|adapted|based|copied|credit|license|copyright|spdx|author|step\s*\d|\d+[.)])\b/i;
const REFERENCE = /:\/\/|www\.|\barxiv\b|\bdoi\b|\bpaper\b|\beq(?:uation)?s?\.?\s*\(?\d|\bsec(?:tion)?\.?\s*\d|\bfig(?:ure)?\.?\s*\d|\balgorithm\s*\d|\btable\s*\d|\bappendix\b|#\d+|\bissue\b|\bbug\b|\bpr\s*#?\d|\bpep\s*\d|\bcve-|\bgithub\b|\bdocs?\b|\bdocumentation\b/i;
const REASON = /\w\s+(?:so|to\s+(?:check|ensure|make|allow|enable|support|handle|resolve|match|keep|force|trigger|reduce|save|speed|simulate|mimic|mirror|satisfy|comply|detect|catch|test|verify|emulate|preserve|account|get\s+around|free|release|break|bypass|skip|silence|suppress|unblock|trick|fool|let))\b|\bto\s+avoid\b|\bto\s+prevent\b|\bto\s+ensure\b|\bto\s+make\s+sure\b|\bto\s+work\b|\bif\s+(?:the|we|you|it|this)\b|\bunless\b|\bso\s+that\b|\bin\s+order\s+to\b|\botherwise\b|\bwork\s*-?around\b|\bhack\b|\brequire[sd]?\b|\bmust\b|\bneeded\b|\bnecessary\b|\bupstream\b|\bcompat|\bbackward|\bdeprecat|\bstabil|\boverflow|\bunderflow|\bnan\b|\bprecision\b|\bmemory\b|\boom\b|\bperformance\b|\bfaster\b|\bslower\b|\bdeterminis|\breproducib|\bthread|\brace\b|\bdeadlock|\bcuda\b|\bgpu\b|\bversions?\b|\bpython\s*[23]|\btorch\s*[<>=]*\s*\d|\bbroken\b|\bfails?\b|\bcrash|\bwarning\b|\bexpects?\b|\bassumes?\b|\bguarantee|\bsafe\b|\bunsafe\b|\bcareful\b|\bdon'?t\b|\bdo\s+not\b|\bnever\b|\balways\b|\bonly\b|\bkeep\b/i;
const DECORATION = /^[\s\-=_*#~+.<>|/\\]*$/;

/** Words too common to show that a comment talks about a name in the code. */
const STOPWORDS = new Set(['to', 'of', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'and', 'or', 'the', 'a', 'an', 'is', 'if', 'not', 'it', 'as', 'be', 'do', 'no', 'all', 'new', 'get', 'set']);

/** The names of a line of code (`ids`), and their lowercased snake_case / camelCase words (`parts`). */
function namesOf(code: string): { ids: Set<string>; parts: Set<string> } {
  const ids = new Set<string>();
  const parts = new Set<string>();
  for (const id of code.replace(/(['"]).*?\1/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    if (PYTHON_KEYWORDS.has(id.toLowerCase())) continue;
    ids.add(id.toLowerCase());
    for (const part of id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split('_')) {
      const w = part.toLowerCase();
      if (w.length >= 3 && !STOPWORDS.has(w) && !PYTHON_KEYWORDS.has(w)) parts.add(w);
    }
  }
  return { ids, parts };
}

/** The code line a comment talks about: its own line for a trailing comment, else the next code line. */
function codeLineOf(comment: Node, text: string, ownLine: boolean): string {
  if (!ownLine) {
    const lineStart = text.lastIndexOf('\n', comment.startIndex - 1) + 1;
    return text.slice(lineStart, comment.startIndex);
  }
  let at = text.indexOf('\n', comment.endIndex);
  while (at !== -1) {
    const next = text.indexOf('\n', at + 1);
    const line = text.slice(at + 1, next === -1 ? text.length : next).trim();
    if (line && !line.startsWith('#')) return line;
    at = next;
  }
  return '';
}

/**
 * Whether comment prose narrates code: it starts (after "here we", "now", "then", …) with an
 * action verb that takes an object ("loop over the data", "increment i" on a line that uses `i`),
 * says what "this loop/line/function" does, or narrates a decision ("not using x because …").
 */
export function narrates(prose: string, code: string, ownLine: boolean): boolean {
  const does = THIS_DOES.exec(prose);
  if (does && STEM_OF.has(does[1]!.toLowerCase())) return true; // "this loop computes …", not "this function is equivalent to …"
  if (DECISION.test(prose)) return true;
  const rest = prose.replace(LEAD_IN, '');
  const words = rest.toLowerCase().match(/[a-z][a-z0-9_']*/g) ?? [];
  const [head, after] = words;
  if (!head || !/^[A-Za-z]/.test(rest)) return false;
  const verb = STEM_OF.get(head);
  if (!verb) return false;
  const ambiguous = AMBIGUOUS.has(verb);
  if (ambiguous && head !== verb) return false; // "masks for each head", "padding mask": nouns
  if (after === 'by' || after === 'of' || after === 'is' || after === 'are' || after === 'was' || after === 'and') return false; // "set by the user", "use of", "return value is …"
  const { ids, parts } = namesOf(code);
  if (after === undefined) {
    // A lone verb: narration when the line says the same ("# normalize" beside `self.norm(x)`).
    return [...parts].some((p) => p.startsWith(verb.slice(0, 4)) || verb.startsWith(p));
  }
  if (!ownLine && !ambiguous && words.length <= 8) return true; // a short trailing verb phrase restates its line
  const named = (w: string) => (ids.has(w) && !STOPWORDS.has(w)) || parts.has(w);
  return (ambiguous ? DETERMINERS : OBJECT_WORDS).has(after) || words.slice(1, 4).some(named);
}

/**
 * What it does: flags comments that narrate what the code does: an own-line comment standing
 * alone ("# loop over the data" above the loop, "# compute the loss", "# not using x because of
 * y") or a trailing one that restates its line (`i += 1  # increment i`).
 *
 * The line it draws: narration of WHAT the code does is flagged; a comment that says WHY with a
 * reason outside the code is kept: a constraint ("required by", "workaround", "to avoid
 * overflow", "otherwise NaN", a bug or issue number, a version), a reference (URL, paper,
 * "Eq. 3"), a note (`TODO`, `FIXME`, `NOTE`: `placeholder-value`'s business), a warning to
 * editors ("do not", "must", "only", "keep"). A bare "because" does not make a comment a reason
 * ("# not using x because of y" is flagged, as the catalog asks).
 *
 * Never flagged: shape comments (`# (B, T, D)`, `# [batch, seq]`, `# shape: …`, `# B x T x D`,
 * `# -> (B, T)`), pragmas (`noqa`, `type:`, `pylint:`, `fmt:`, `mantra:`, `pragma`, `isort:`,
 * `pyright:`, `ruff:`), shebang, encoding and modeline lines, everything above the first
 * statement of the file (licence and module headers), `#:` attribute docs, separators,
 * commented-out code (`commented-out-code`'s job), questions, and comments of more than one
 * line or more than 15 words: a paragraph is an explanation, not narration. Precision over
 * recall: a comment is flagged only when it opens with an action verb that takes an object.
 *
 * Scope (`scope: 'changed'`, the default): when the change is known (`changedLines`), only
 * comments on changed lines are flagged, since the guideline keeps existing ones; without a
 * diff, or with `scope: 'all'`, every comment.
 *
 * Why: the guideline asks to avoid comments that explain the code; the code says it already.
 * Fix (safe): delete the comment (a trailing one with the spaces before it; an own-line one with
 * its whole line).
 */
export default defineRule({
  meta: {
    id: 'explanatory-comment',
    category: 'comments',
    guideline: 'Avoid inline comments that explain the code.',
    defaultSeverity: 'warning',
    description: 'Flags comments that narrate the code; shape comments, pragmas and licence headers are fine.',
    phrases: { avoid: [/\b(?:inline|explanatory|narrat\w*)\s+comments?\b/i, /\bcomments?\s+(?:that|which)\s+(?:explain|describe|narrate|restate)/i, /\bcomments?\s+explaining\b/i] },
    fixable: true,
    example: {
      flagged: 'i = 0\n# loop over the batch\nfor x in batch:\n    i += 1  # increment i\n',
      fixed: 'i = 0\nfor x in batch:\n    i += 1\n',
    },
  },
  options: z.object({
    /** Most words a flagged comment may have: longer comments are explanations, kept. */
    maxWords: z.number().int().positive().default(15),
    /** `'changed'`: when a diff is known, only comments on changed lines (existing ones stay); `'all'`: every comment. */
    scope: z.enum(['changed', 'all']).default('changed'),
  }).strict(),
  check(ctx) {
    const { text } = ctx;
    const comments = ctx.facts.comments;
    if (comments.length === 0) return;
    // Walked from the first child: listing every top-level node costs a node object each.
    let firstStatement = ctx.tree.rootNode.firstNamedChild;
    while (firstStatement?.type === 'comment') firstStatement = firstStatement.nextNamedSibling;
    if (!firstStatement) return;
    const ownLine = comments.map((c) => isOwnLine(c, text));
    const changed = ctx.options.scope === 'changed' && Array.isArray(ctx.changedLines) ? ctx.changedLines : undefined;
    comments.forEach((comment, i) => {
      if (comment.startIndex < firstStatement.startIndex) return; // licence and module header
      if (changed && !touchesChanged(changed, comment.startPosition.row, comment.endPosition.row)) return; // an existing comment stays
      const raw = comment.text;
      // Shebang, `#:` attribute docs, pragmas, and comments that carry a directive further on.
      if (/^#[!:]/.test(raw) || PRAGMA.test(raw) || /#\s*(?:noqa|mantra:|type:|pylint:|pyright:|fmt:|pragma)/i.test(raw.slice(1))) return;
      const own = ownLine[i];
      if (own) {
        // Part of a block of comments: an explanation or commented-out code, not a one-line narration.
        const row = comment.startPosition.row;
        const neighbour = (j: number) => j >= 0 && j < comments.length && ownLine[j] && Math.abs(comments[j].startPosition.row - row) === 1;
        if (neighbour(i - 1) || neighbour(i + 1)) return;
      }
      const prose = commentBody(comment).trim();
      if (!prose || DECORATION.test(prose) || prose.endsWith('?')) return;
      if ((prose.match(/\S+/g) ?? []).length > ctx.options.maxWords) return;
      if (SHAPE.test(prose) || NOTE.test(prose) || REFERENCE.test(prose) || REASON.test(prose)) return;
      const code = codeLineOf(comment, text, own);
      // Above a definition, a comment stands in for its docstring: `missing-docstring`'s business.
      if (own && /^(?:async\s+def|def|class)\s|^@/.test(code)) return;
      // Beside a constant (`RPC_ASYNC = 4  # run using rpc_async`), a comment documents its value.
      if (!own && /^\s*[\w.]+\s*(?::[^=]+)?=\s*(?:[-+]?\d[\w.]*|[rbuf]*(["']).*\1|None|True|False)\s*,?\s*$/.test(code)) return;
      if (!narrates(prose, code, own)) return;
      if (isCodeText([prose])) return;
      const shown = prose.length > 50 ? `${prose.slice(0, 49)}…` : prose;
      ctx.report({
        node: comment,
        message: `'# ${shown}' narrates what the code does: delete it, the code already says it`,
        fix: own ? deleteLinesFix(comment, comment, text, 'Delete the comment') : deleteTrailing(comment, text),
      });
    });
  },
});

/** A safe fix that deletes a trailing comment and the spaces before it. */
function deleteTrailing(comment: Node, text: string): Fix {
  let start = comment.startIndex;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { title: 'Delete the comment', edits: [{ start, end: comment.endIndex, text: '' }], safe: true };
}
