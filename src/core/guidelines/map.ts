/**
 * Guideline wording → rule settings.
 *
 * Each rule's `meta.phrases` say how guidelines name it: `avoid` phrases name what it flags,
 * `require` phrases what it asks for. A guideline is cut into clauses (at `;` and sentence ends);
 * in each clause a phrase match gets a polarity from the cue words before it:
 *  - negators and negative verbs (never, not, no, don't, without, avoid, stop) count -1;
 *  - positive verbs and modals (use, always, add, write, prefer, keep, include, must) count +1;
 *  - removal verbs (delete, remove, drop) count -1 as verbs, so "never delete X" is +1 about X;
 *  - cues next to each other form a chain whose sign is their product ("do not add" = -1); a new
 *    chain replaces the polarity, a contrast (", not X", "instead of X", "prefer A over X")
 *    flips it until the next comma;
 *  - a predicate after the match flips or sets it ("X — never", "X is not allowed", "X is fine");
 *  - with no cue in the clause, a polar heading ("## NEVER") or a label bullet ("Avoid:") decides;
 *    a negative heading negates a clause that does not itself start with a negation.
 * avoid + negative → on; avoid + positive → off; require + positive (or no cue) → on;
 * require + negative → off; avoid with no cue at all is ambiguous and maps nothing.
 * A numeric limit ("functions under 40 lines", "nesting no deeper than 3 levels") switches its
 * rule on and sets the option from `meta.numberOptions`.
 *
 * Severity from wording (RULES.md): never / must not / CAPS / stretched words / "!!" → error;
 * prefer / try to / consider / if possible → information; anything else → warning.
 *
 * Scope: wording that names part of the code base ("in tests", "in production code", "except in
 * notebooks", "for scripts under `experiments/`"), a heading that is such a part ("## Testing"),
 * or a label bullet ("In tests:") gives the mapping include or exclude globs (relative to the
 * guideline file's folder); the rule set applies it to the files in scope only, so a scoped
 * guideline can switch a rule on or off there and nowhere else.
 *
 * banned-api is read from names rather than phrases: a code span (or an unmistakable plain name:
 * `os.path`, `hasattr`, `save_figure`) under a negative polarity is banned; a name under a
 * positive one in the same guideline ("use `pathlib` instead of `os.path`", "`a` → `b`") or the
 * words after "use" before a contrast ("use Fire, not `argparse`") is its replacement.
 *
 * Quotations (a blockquote, a whole bullet in quotes, a quoted sentence such as "Errors should
 * never pass silently") are information, not orders: they map to nothing.
 */
import type { GuidelineSource, Severity } from '../finding';
import type { Rule } from '../rule';
import { RULES } from '../rules';
import { NOTEBOOK_GLOBS, SCRIPT_GLOBS, TEST_GLOBS } from '../glob';
import { isDottedName, nameMentions, type NameMention } from './apiNames';
import type { Guideline, Mapping } from './types';

/** The rule whose options are the names a guideline bans. */
const BANNED_API = 'banned-api';

/** Reason: the sentence is about the conversation or the workflow, not the code. */
export const NOT_ABOUT_CODE = 'not about code';
/** Reason: about code, but no rule checks it. */
export const NOT_ENFORCEABLE = 'not enforceable by a linter';
/** Reason: a quotation or proverb, which informs rather than orders. */
export const QUOTATION = 'a quotation: information, not an order';
/**
 * Former reason for a guideline that turns a rule off for part of the code only; scopes are
 * applied now, so the mapper no longer gives it (kept for callers that compare with it).
 */
export const SCOPED_OFF = 'turns a rule off for part of the code only: scoped settings are not supported yet';
/** Reason: it names what a rule flags without saying whether to do it. */
export const AMBIGUOUS = 'names what a rule flags without saying whether to do it';

/** What a guideline maps to, and why it maps to nothing when it does. */
export interface MapResult {
  mappings: Mapping[];
  /** Set when `mappings` is empty: one of the reason constants of this module. */
  reason?: string;
}

type Sign = 1 | -1;
type Level = 'error' | 'warning' | 'information';

// ---------------------------------------------------------------------------------------------
// Words

const NEGATORS = new Set([
  'never', 'not', 'no', 'dont', 'doesnt', 'shouldnt', 'mustnt', 'cant', 'cannot', 'wont', 'without', 'nor', 'none',
  'neither', 'isnt', 'arent', 'didnt', 'nothing', 'donts',
]);
const NEGATIVE_VERBS = new Set([
  'avoid', 'avoiding', 'avoids', 'stop', 'stopping', 'refrain', 'ban', 'forbid', 'prohibit', 'disallow', 'omit',
  'omitting', 'skip', 'skipping', 'ditch', 'eschew',
]);
const REMOVAL_VERBS = new Set([
  'delete', 'deleting', 'remove', 'removing', 'drop', 'dropping', 'eliminate', 'eliminating', 'strip', 'stripping',
  'rid',
]);
const POSITIVE_VERBS = new Set([
  'use', 'uses', 'using', 'add', 'adding', 'adds', 'write', 'writing', 'writes', 'prefer', 'prefers', 'keep', 'keeping',
  'include', 'ensure', 'require', 'put', 'apply', 'follow', 'favor', 'favour', 'choose', 'make', 'insert', 'provide',
  'have', 'stick', 'rely', 'consider', 'employ', 'enforce', 'maintain', 'do', 'dos', 'encourage',
]);
const POSITIVE_MODALS = new Set(['always', 'must', 'should', 'need', 'needs', 'please', 'try']);
/** Words between cues that do not break a chain ("do not ever use", "never, ever"). */
const FILLERS = new Set(['ever', 'even', 'be', 'to', 'again', 'really', 'actually', 'you', 'we', 'i', 'they', 'also', 'just', 'any', 'get', 'go', 'of']);
const CONTRAST_AFTER = new Set([',', 'but', 'and']);
const PREFER_WORDS = new Set(['prefer', 'prefers', 'favor', 'favour', 'choose']);
const COMPARATIVES = /^(?:more|deeper|longer|larger|bigger|greater|fewer|less)$/;
const LIMIT_WORDS = new Set(['limit', 'limits', 'cap', 'max', 'maximum', 'minimize', 'minimise', 'reduce', 'restrict']);

/** Words a polar heading or label bullet may hold besides its cues ("Things to never do"). */
const LABEL_WORDS = new Set(['things', 'rules', 'list', 'these', 'this', 'what', 'following', 'hard', 'strict', 'important', 'critical', 'absolutely', 'under', 'circumstances', 'the', 'in', 'code', 'and', 'do', 'dos']);

/** Polar words that only act as a label (heading, table column): "Do", "Don'ts", "Bad". */
const LABEL_POSITIVE = /^(?:do|dos|good|yes|correct|right|preferred|recommended|required)$/;
const LABEL_NEGATIVE = /^(?:donts|bad|wrong|forbidden|banned|prohibited|anti-patterns?)$/;

/** Capitalized words that shout; other all-capital words of 5+ letters shout too unless listed below. */
const EMPHASIS = new Set([
  'NEVER', 'ALWAYS', 'MUST', 'NOT', 'NO', 'DO', "DON'T", 'DONT', 'AVOID', 'STOP', 'ONLY', 'IMPORTANT', 'CRITICAL', 'ANY',
  'EVER', 'ALL', 'USE', 'NONE', 'WITHOUT', 'REQUIRED', 'MANDATORY', 'FORBIDDEN', 'ABSOLUTELY', 'NOTHING', 'EVERY',
]);
const ACRONYMS = new Set([
  'README', 'CLAUDE', 'AGENTS', 'NUMPY', 'PYTORCH', 'PYTHON', 'ASCII', 'HTTPS', 'SARIF', 'MNIST', 'CIFAR', 'LLAMA',
  'KWARGS', 'TODO', 'FIXME', 'NOTE', 'NOTES', 'HACK', 'BATCH', 'TORCH', 'TENSOR', 'CHANGELOG', 'LICENSE', 'UTF',
]);

const ERROR_WORDS = /\bnever\b|\bmust\s+not\b|\bmustn'?t\b|\bunder\s+no\s+circumstances?\b|\bforbidden\b|\bprohibited\b|\bat\s+all\s+costs\b/i;
const INFO_WORDS =
  /\bprefer(?:s|red|ably)?\b|\btry\s+to\b|\bconsider\b|\b(?:if|when|whenever|where|wherever)\s+(?:possible|practical|feasible|reasonable)\b|\bideally\b|\bnice\s+to\s+have\b|\bencouraged\b|\bif\s+you\s+can\b/i;

const WORKFLOW =
  /\b(?:chat|conversation|respon(?:d|ds|se|ses|ding)|answers?|repl(?:y|ies)|concise|verbose|commit\w*|push\w*|pull\s+requests?|prs?|branch(?:es)?|merg\w*|deploy\w*|ask\w*|tell|plan\w*|reasoning|summar\w*|run|running|install\w*|git|changelog|issues?|review\w*|the\s+user|me|my|emojis?|tone|language|english|polite\w*|sycophan\w*|apolog\w*|questions?|clarif\w*)\b/i;
const CODE_WORDS =
  /\b(?:code|functions?|methods?|class(?:es)?|variables?|imports?|modules?|packages?|python|torch|pytorch|numpy|jax|tensors?|arrays?|exceptions?|errors?|assert\w*|docstrings?|comments?|loops?|type\s+hints?|annotations?|lambdas?|decorators?|apis?|arguments?|parameters?|returns?|naming|names?|pep\s*8|lint\w*|format\w*|style|librar(?:y|ies)|dependenc\w*|scripts?|notebooks?|tests?|pathlib|logging|print\w*|config\w*|dataclass\w*|dtypes?|devices?|gpus?|cuda|seeds?|refactor\w*|debug\w*|hasattr|getattr|globals?|constants?|strings?|dicts?|lists?|types?|inheritance|composition|mutable|state)\b/i;

// ---------------------------------------------------------------------------------------------
// Tokens and polarity

interface Tok {
  /** Lower-case, apostrophes dropped, stretched letters collapsed ("NEVEEER" → "never"). */
  w: string;
  raw: string;
  start: number;
  end: number;
  punct: boolean;
}

const TOKEN = /[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|[,;:()!?.\u2014\u2013]|-{2,}|\s-\s/g;

/** Collapses letters repeated three or more times: "neveeer" → "never", "nooo" → "no". */
function destretch(w: string): string {
  return w.replace(/([a-z])\1{2,}/g, '$1');
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const raw = m[0];
    const punct = !/[A-Za-z0-9]/.test(raw);
    const w = punct ? (raw.trim() === '-' || raw.startsWith('--') ? '\u2014' : raw) : destretch(raw.toLowerCase().replace(/['\u2019]/g, ''));
    out.push({ w, raw, start: m.index!, end: m.index! + raw.length, punct });
  }
  return out;
}

type CueKind = 'negator' | 'negverb' | 'removal' | 'posverb' | 'modal';

function cueOf(toks: Tok[], i: number): CueKind | undefined {
  const w = toks[i].w;
  if (toks[i].punct) return undefined;
  if (NEGATORS.has(w)) {
    // "no more than", "not be longer than": a comparison, not a negation.
    const next = toks[i + 1]?.w === 'be' ? toks[i + 2] : toks[i + 1];
    if ((w === 'no' || w === 'not') && next && COMPARATIVES.test(next.w)) return undefined;
    return 'negator';
  }
  if (NEGATIVE_VERBS.has(w)) return 'negverb';
  if (REMOVAL_VERBS.has(w)) return 'removal';
  if (w === 'try') return toks[i + 1]?.w === 'to' ? 'modal' : undefined;
  if (w === 'do') return toks[i + 1] && !toks[i + 1].punct && (NEGATORS.has(toks[i + 1].w) || toks[i + 1].w === 'use') ? undefined : 'posverb';
  if (POSITIVE_VERBS.has(w)) return 'posverb';
  if (POSITIVE_MODALS.has(w)) return 'modal';
  return undefined;
}

function signOf(kind: CueKind): Sign {
  return kind === 'negator' || kind === 'negverb' || kind === 'removal' ? -1 : 1;
}

/** Polarity after each token of a clause, and facts about the clause's cues. */
interface PolarityTrace {
  /** Polarity in force after token i (null: no cue yet). */
  after: (Sign | null)[];
  /** Whether token i opened a contrast (", not X", "instead of X"). */
  contrast: boolean[];
  /** Whether the first cue of the clause negates. */
  leadingNegation: boolean;
  /** Whether the clause has any cue. */
  hasCue: boolean;
  /** Index of the first limit word ("limit", "max", "minimize"), or -1. */
  firstLimit: number;
}

function tracePolarity(toks: Tok[]): PolarityTrace {
  const after: (Sign | null)[] = [];
  const contrast: boolean[] = [];
  let current: Sign | null = null;
  let chain: { sign: Sign; verb: boolean; gap: number } | null = null;
  let saved: { value: Sign | null } | null = null;
  let leadingNegation = false;
  let hasCue = false;
  let sawPrefer = false;
  let firstLimit = -1;

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    contrast.push(false);
    if (t.punct) {
      if (saved && (t.w === ',' || t.w === ';' || t.w === '.' || t.w === '(' || t.w === ')')) {
        current = saved.value;
        saved = null;
      }
      if (chain) {
        const next = toks[i + 1];
        const emphatic = !chain.verb && next && !next.punct && (next.w === 'ever' || next.w === 'never' || next.w === 'not');
        if (!emphatic) chain = null;
      }
      after.push(current);
      continue;
    }
    if (LIMIT_WORDS.has(t.w) && firstLimit < 0) firstLimit = i;
    const prev = toks[i - 1];
    const isContrast =
      ((t.w === 'not' || t.w === 'no') && prev !== undefined && CONTRAST_AFTER.has(prev.w) && current === 1) ||
      (t.w === 'instead' && toks[i + 1]?.w === 'of') ||
      (t.w === 'rather' && toks[i + 1]?.w === 'than') ||
      (t.w === 'over' && sawPrefer && current !== null);
    if (isContrast) {
      saved = { value: current };
      current = (current === null ? -1 : -current) as Sign;
      chain = null;
      contrast[i] = true;
      hasCue = true;
      after.push(current);
      continue;
    }
    const kind = cueOf(toks, i);
    if (!kind) {
      if (chain && !FILLERS.has(t.w)) {
        chain.gap++;
        if (chain.gap > 2) chain = null;
      }
      after.push(current);
      continue;
    }
    if (PREFER_WORDS.has(t.w)) sawPrefer = true;
    const sign = signOf(kind);
    const verb = kind === 'posverb' || kind === 'negverb' || kind === 'removal';
    if (!hasCue) leadingNegation = kind === 'negator' || kind === 'negverb';
    hasCue = true;
    if (chain) {
      chain.sign = (chain.sign * sign) as Sign;
      chain.verb ||= verb;
      chain.gap = 0;
    } else {
      // "never use X or add Y": a verb after "or"/"nor" stays under the negation before it.
      const inherit: boolean = current === -1 && (prev?.w === 'or' || prev?.w === 'nor') && kind !== 'negator';
      chain = { sign: (inherit ? -sign : sign) as Sign, verb, gap: 0 };
    }
    saved = null;
    current = chain.sign;
    after.push(current);
  }
  return { after, contrast, leadingNegation, hasCue, firstLimit };
}

const SUFFIX_NEGATIVE =
  /^[^,;.]{0,40}?(?:(?:\u2014|\u2013|--|\s-\s|:|\()\s*(?:never|no|not|don'?t|forbidden|banned)\b(?!\s+(?:ever\s+)?(?:use|call|import|add|write|do)\b)|\b(?:is|are|be)\s+(?:not\s+(?:allowed|ok(?:ay)?|acceptable|permitted|needed|required|necessary|wanted|welcome)|forbidden|banned|prohibited|discouraged|unacceptable|unnecessary|optional|bad|evil|a\s+code\s+smell)\b|\b(?:not\s+allowed|forbidden|banned)\b)/i;
const SUFFIX_POSITIVE =
  /^[^,;.]{0,40}?(?:\b(?:is|are)\s+(?:fine|ok(?:ay)?|allowed|acceptable|welcome|encouraged|good|required|mandatory|a\s+must|expected)\b|(?:\u2014|\u2013|:)\s*(?:always|yes|required|mandatory)\b)/i;

/** The polarity of a phrase match at [start, end) of a clause, or null when the clause says nothing. */
function polarityAt(toks: Tok[], trace: PolarityTrace, clause: string, start: number, end: number): Sign | null {
  let p: Sign | null = null;
  let last = -1;
  for (let i = 0; i < toks.length && toks[i].end <= start; i++) last = i;
  if (last >= 0) p = trace.after[last];
  if (p === null) {
    // "Errors should never pass silently": the negation sits inside the phrase.
    for (let i = last + 1; i < toks.length && toks[i].start < end; i++) {
      if (trace.contrast[i]) continue;
      if (cueOf(toks, i) === 'negator') p = (p === null ? -1 : -p) as Sign;
    }
  }
  const rest = clause.slice(end);
  if (SUFFIX_NEGATIVE.test(rest)) p = (p === null ? -1 : -p) as Sign;
  else if (p === null && SUFFIX_POSITIVE.test(rest)) p = 1;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Severity

function shouts(text: string): boolean {
  for (const m of text.matchAll(/(?<![\w'])[A-Z][A-Z'\u2019]+(?![\w'])/g)) {
    const w = m[0].replace(/\u2019/g, "'");
    if (EMPHASIS.has(w) || EMPHASIS.has(destretch(w.toLowerCase()).toUpperCase())) return true;
    if (w.length >= 5 && !ACRONYMS.has(w)) return true;
  }
  return false;
}

/** Severity words of a piece of text: error, information, warning (a plain request), or null (no cue). */
export function severityOfWording(text: string): Level | null {
  const flat = text.replace(/[A-Za-z]+/g, (w) => destretch(w.toLowerCase()));
  if (ERROR_WORDS.test(flat) || /!!/.test(text) || /([A-Za-z])\1{2,}/.test(text.replace(/\b(?:www|xxx)\b/gi, '')) || shouts(text)) return 'error';
  if (INFO_WORDS.test(flat)) return 'information';
  return /\b(?:don'?t|do\s+not|avoid|no|always|must|should|use|keep|add|write|never|stop|without)\b/i.test(flat) ? 'warning' : null;
}

function combineSeverity(clause: Level | null, context: Level | null): Level {
  if (clause === 'error' || context === 'error') return 'error';
  if (clause === 'information' || (clause === null && context === 'information')) return 'information';
  return 'warning';
}

// ---------------------------------------------------------------------------------------------
// Context: a polar heading or a label bullet

interface Context {
  polarity: Sign;
  severity: Level | null;
}

function matchesAnyPhrase(text: string, rules: readonly Rule<any>[]): boolean {
  return rules.some((r) => [...(r.meta.phrases.avoid ?? []), ...(r.meta.phrases.require ?? [])].some((re) => firstMatch(re, text)));
}

/**
 * The polarity a heading or a parent bullet gives the bullets below it: "## NEVER", "## Don'ts",
 * "Avoid:", "Things to never do"; undefined for a heading that is a topic ("## Error handling").
 */
function contextOf(text: string | undefined, isLabel: boolean, rules: readonly Rule<any>[]): Context | undefined {
  if (!text) return undefined;
  const toks = tokenize(text).filter((t) => !t.punct);
  if (toks.length === 0 || toks.length > 6) return undefined;
  if (matchesAnyPhrase(text, rules)) return undefined;
  // A label has no object of its own: "NEVER", "Things to avoid", "Don'ts"; a parent bullet may
  // also end with a colon ("Never do the following:"). "never use hasattr" is an order, not a label.
  const labelOnly = toks.every((t, i) => cueOf(toks, i) || FILLERS.has(t.w) || LABEL_WORDS.has(t.w) || LABEL_POSITIVE.test(t.w) || LABEL_NEGATIVE.test(t.w));
  if (!labelOnly && !(!isLabel && /:\s*$/.test(text) && toks.length <= 6)) return undefined;
  const hasPos = toks.some((t) => LABEL_POSITIVE.test(t.w));
  const hasNeg = toks.some((t) => LABEL_NEGATIVE.test(t.w));
  if (hasPos && hasNeg) return undefined;
  let polarity: Sign | null = hasNeg ? -1 : null;
  if (polarity === null) {
    const all = tokenize(text);
    const trace = tracePolarity(all);
    polarity = trace.after[all.length - 1] ?? null;
  }
  if (polarity === null && hasPos) polarity = 1;
  if (polarity === null) return undefined;
  return { polarity, severity: severityOfWording(text) };
}

function columnContext(header: string | undefined): Context | undefined {
  if (!header) return undefined;
  const toks = tokenize(header).filter((t) => !t.punct);
  if (toks.length === 0 || toks.length > 3) return undefined;
  // "Use instead" / "Instead" name the replacement; "Instead of" names what is replaced.
  if (/\binstead\b(?!\s+of\b)/i.test(header) && !toks.some((t) => NEGATORS.has(t.w) || NEGATIVE_VERBS.has(t.w))) return { polarity: 1, severity: severityOfWording(header) };
  if (toks.some((t) => LABEL_NEGATIVE.test(t.w) || NEGATORS.has(t.w) || NEGATIVE_VERBS.has(t.w) || t.w === 'instead')) {
    return { polarity: -1, severity: severityOfWording(header) };
  }
  if (toks.some((t) => LABEL_POSITIVE.test(t.w) || POSITIVE_VERBS.has(t.w) || POSITIVE_MODALS.has(t.w))) {
    return { polarity: 1, severity: severityOfWording(header) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Clauses, quotations, scopes

const ABBREVIATION = /(?:\be\.g|\bi\.e|\betc|\bvs|\bcf)$/i;

/** Clauses of a guideline: split at `;` and sentence ends, with their offsets. */
function clausesOf(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  const boundary = /;|[.!?]+(?=\s|$)/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[0] === '.' && ABBREVIATION.test(text.slice(0, m.index))) continue;
    out.push({ text: text.slice(start, m.index + m[0].length), start });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ text: text.slice(start), start });
  return out.filter((c) => /[A-Za-z]/.test(c.text));
}

const WHOLE_QUOTE = /^\s*(?:["\u201c].+["\u201d]|['\u2018].+['\u2019])[\s.!]*(?:(?:\u2014|\u2013|--|-)\s*[^"'\u201c\u2018]*)?$/;
const QUOTED_SENTENCE = /["\u201c]([^"\u201c\u201d]*?)["\u201d]/g;
const SAYING = /\b(?:said|says|say|wrote|writes|put\s+it|goes|motto|mantra|proverb|zen)\b[\s,:]*$/i;

/**
 * Blanks quoted sentences (proverbs) inside a guideline: a quote of three words or more that
 * starts with a capital, or follows "said", "wrote", "as the saying goes"; keeps quoted fragments
 * ("any 'if this fails'").
 */
function stripQuotations(text: string): { text: string; stripped: boolean } {
  let stripped = false;
  const out = text.replace(QUOTED_SENTENCE, (all, inner: string, offset: number) => {
    if (inner.trim().split(/\s+/).length < 3) return all;
    if (!/^\s*[A-Z]/.test(inner) && !SAYING.test(text.slice(0, offset))) return all;
    stripped = true;
    return ' '.repeat(all.length);
  });
  return { text: out, stripped };
}

/** Part of the code base a guideline names: a label for people and globs for the rule set. */
export interface ScopeWords {
  /** As shown: `tests`, `!tests` (outside tests), `production code`, `!notebooks`, `experiments/`. */
  label: string;
  include?: string[];
  exclude?: string[];
}

const PREP = String.raw`(?:in|for|inside|within|under|on|when\s+(?:writing|editing|adding|changing|touching)|while\s+writing|outside(?:\s+of)?|except(?:\s+(?:in|for|under))?|excluding|other\s+than|but\s+not(?:\s+(?:in|for))?|not\s+(?:in|for))`;
const DETERMINERS = String.raw`(?:(?:the|our|all|any|every|your|new|existing|one-off|standalone|throwaway|jupyter|python)\s+)*`;
const EXCLUDING_PREP = /^(?:outside|except|excluding|other|but|not)\b/i;

interface ScopeNoun {
  re: RegExp;
  label: string;
  globs: readonly string[];
  /** The noun names everything but these globs ("production code" = not tests). */
  complement?: boolean;
}

const SCOPE_NOUNS: ScopeNoun[] = [
  {
    re: new RegExp(
      String.raw`\b(${PREP})\s+${DETERMINERS}(?:unit\s+|integration\s+)?tests?\b(?!\s*\/)|\b()(?:unit\s+)?tests?\s+(?:functions?|files?|code|cases?|suites?|modules?|helpers?|fixtures?|methods?|classes|folders?|directory|directories)\b|\b()test_\w+|^\s*()(?:unit\s+)?tests?\s+(?=(?:must|should|shall|may|can|need|never|always|do|don'?t|are)\b)`,
      'i',
    ),
    label: 'tests',
    globs: TEST_GLOBS,
  },
  {
    re: new RegExp(String.raw`\b(?:(${PREP})\s+)?${DETERMINERS}(?:non-test|production|library|source|package|main|core)\s+code\b`, 'i'),
    label: 'production code',
    globs: TEST_GLOBS,
    complement: true,
  },
  { re: new RegExp(String.raw`\b(?:(${PREP})\s+)?${DETERMINERS}(?:notebooks?\b|\.ipynb\b|jupyter\b)`, 'i'), label: 'notebooks', globs: NOTEBOOK_GLOBS },
  { re: new RegExp(String.raw`\b(${PREP})\s+${DETERMINERS}scripts?\b(?!\s*\/)`, 'i'), label: 'scripts', globs: SCRIPT_GLOBS },
];

/** A folder or glob after a preposition: "under `experiments/`", "in src/models/", "outside `legacy/**`". */
const PATH_AFTER_PREP = new RegExp(String.raw`\b(${PREP}|(?:scripts|files|code|modules)\s+(?:in|under))\s+(?:the\s+)?(\.{0,2}\/?[\w.*-]+\/[\w.*\/-]*)`, 'gi');

function scopeFrom(label: string, globs: readonly string[], excluded: boolean): ScopeWords {
  return excluded ? { label: `!${label}`, exclude: [...globs] } : { label, include: [...globs] };
}

/** The part of the code base a clause names, if any. */
export function scopeOf(clause: string, codeSpans: readonly string[] = []): ScopeWords | undefined {
  PATH_AFTER_PREP.lastIndex = 0;
  for (let m = PATH_AFTER_PREP.exec(clause); m; m = PATH_AFTER_PREP.exec(clause)) {
    const path = m[2].replace(/[.,;:]+$/, '');
    // "try/except" and "and/or" are words, not folders: a path ends with `/`, has a glob, starts
    // with `./`, names a file in a folder, or is written in a code span.
    const pathLike = /\/$|\*|^\.\.?\//.test(path) || /\/[\w-]+\.[\w]+$|\/[\w-]+\/[\w-]+/.test(path) || codeSpans.includes(path);
    if (!pathLike || /^(?:try|except|and|or)\//i.test(path)) continue;
    return scopeFrom(path, [path], EXCLUDING_PREP.test(m[1]));
  }
  for (const noun of SCOPE_NOUNS) {
    const m = noun.re.exec(clause);
    if (!m) continue;
    const prep = m.slice(1).find((g) => g !== undefined) ?? '';
    // "the code under test" is the production code a test exercises, not the tests.
    if (/^under$/i.test(prep) && /\btest$/i.test(m[0])) continue;
    const before = clause.slice(0, m.index);
    const excluded = EXCLUDING_PREP.test(prep) || /\b(?:except|outside(?:\s+of)?|other\s+than|but\s+not|not|excluding)\s+$/i.test(before);
    if (noun.complement) return excluded ? { label: noun.label === 'production code' ? 'tests' : `!${noun.label}`, include: [...noun.globs] } : { label: noun.label, exclude: [...noun.globs] };
    return scopeFrom(noun.label, noun.globs, excluded);
  }
  return undefined;
}

const SCOPE_HEADINGS: [RegExp, string, readonly string[]][] = [
  [/^\s*(?:(?:unit|integration)\s+)?(?:tests?|testing|test\s+(?:code|files|suites?|guidelines|conventions|style|rules|practices))\b[^.!?]{0,30}$/i, 'tests', TEST_GLOBS],
  [/^\s*(?:jupyter\s+)?notebooks?\b[^.!?]{0,30}$/i, 'notebooks', NOTEBOOK_GLOBS],
];

/** The scope a heading or a label bullet gives what is below it ("## Testing", "In tests:"). */
function contextScopeOf(text: string | undefined, isHeading: boolean): ScopeWords | undefined {
  if (!text) return undefined;
  if (isHeading) for (const [re, label, globs] of SCOPE_HEADINGS) if (re.test(text)) return { label, include: [...globs] };
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words > 8 || (!isHeading && !/:\s*$/.test(text))) return undefined;
  return scopeOf(text);
}

// ---------------------------------------------------------------------------------------------
// Matching

const nonGlobal = new WeakMap<RegExp, RegExp>();

function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  let r = nonGlobal.get(re);
  if (!r) nonGlobal.set(re, (r = re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re));
  return r.exec(text);
}

/** Rules whose prohibition implies another's: forbidding every try/except forbids swallowing too. */
const ENTAILS: Record<string, string[]> = { 'no-try-except': ['swallowed-exception'] };

interface Decision {
  on: boolean;
  level: Level;
  options: Record<string, unknown>;
  scope?: ScopeWords;
}

/** One name a guideline bans, with what it gives instead. */
interface BannedName {
  name: string;
  replacement?: string;
  rename?: boolean;
}

/** Words that may stand between a negation and the name it bans ("never call the builtin `eval`"). */
const BAN_GAP = new Set([
  'use', 'uses', 'using', 'call', 'calls', 'calling', 'called', 'import', 'imports', 'importing', 'rely', 'relying', 'on',
  'the', 'a', 'an', 'any', 'direct', 'directly', 'raw', 'bare', 'plain', 'builtin', 'built', 'in', 'python', 'pythons',
  'of', 'like', 'such', 'as', 'e', 'g', 'or', 'and', 'nor', 'function', 'functions', 'module', 'modules', 'library',
  'libraries', 'method', 'methods', 'api', 'apis', 'ever', 'even', 'again', 'also', 'standard', 'stdlib', 'anywhere',
  'than', 'leave', 'leaving', 'add', 'adding', 'write', 'writing', 'introduce', 'introducing', 'keep', 'statements',
  'statement', 'calls', 'to',
]);
/** After a name: it is banned only in some uses ("`getattr` with a default", "`torch.load` without weights_only"). */
const CONDITIONAL_AFTER = /^[`)\s]*(?:without|unless|with|only\s+(?:if|when)|when|if|except\s+(?:for|to|when|if))\b/i;
const ARROW_AFTER = /^\s*(?:\u2192|->|=>|\u27f6|\u21d2|-->)\s*/;
const REPLACE_BEFORE = /\b(?:replace|substitute|swap)\s+(?:all\s+|any\s+|every\s+)?(?:uses?\s+of\s+)?$/i;
const WITH_AFTER = /^\s*(?:with|by|for)\s+/i;
const USE_VERBS = /^(?:use|uses|using|prefer|prefers|favor|favour|choose|call|import|rely)$/;

/** A replacement given in words after "use" before a contrast: "use Fire, not `argparse`" → "Fire". */
function wordsReplacement(clause: string, toks: Tok[], trace: PolarityTrace): string | undefined {
  if (!trace.contrast.some(Boolean)) return undefined;
  for (let i = 0; i < toks.length; i++) {
    if (!USE_VERBS.test(toks[i].w) || trace.after[i] !== 1) continue;
    const words: Tok[] = [];
    for (let j = i + 1; j < toks.length && words.length < 4; j++) {
      const t = toks[j];
      if (t.punct || trace.contrast[j] || /^(?:for|to|when|in|instead|rather|over|not|if|where|so|because|and|or)$/.test(t.w)) break;
      words.push(t);
    }
    if (words.length === 0 || words.length > 3) return undefined;
    return clause.slice(words[0].start, words[words.length - 1].end).replace(/[`"']/g, '').trim() || undefined;
  }
  return undefined;
}

/**
 * The names a clause bans, read from its code spans and plain names: a name under a negative
 * polarity is banned (unless only some uses are: "with a default"), a name the clause asks for
 * is the replacement; "`a` → `b`" and "replace `a` with `b`" ban `a` and rename it to `b`.
 */
function bannedNamesOf(
  clause: string,
  codeSpans: string[],
  toks: Tok[],
  trace: PolarityTrace,
  context: Context | undefined,
  claimed: readonly [number, number][],
): BannedName[] {
  // A name inside another rule's phrase is that rule's business ("`xfail`", "`getattr` defaults").
  const mentions = nameMentions(clause, codeSpans).filter((m) => !claimed.some(([a, b]) => m.start < b && m.end > a));
  if (mentions.length === 0) return [];
  const out: BannedName[] = [];
  const used = new Set<NameMention>();
  const written = (m: NameMention) => clause.slice(m.start, m.end);

  // Explicit renames: "`plt.savefig` → `save_figure`", "replace `a` with `b`".
  mentions.forEach((m, i) => {
    const next = mentions[i + 1];
    const after = clause.slice(m.end, next?.start ?? clause.length);
    const arrow = ARROW_AFTER.exec(after);
    const replaced = REPLACE_BEFORE.test(clause.slice(0, m.start)) && WITH_AFTER.test(after);
    if (!arrow && !replaced) return;
    used.add(m);
    if (next && (arrow ? arrow[0].length : WITH_AFTER.exec(after)![0].length) === after.length) {
      used.add(next);
      out.push({ name: m.name, replacement: next.name, ...(isDottedName(next.name) ? { rename: true } : {}) });
    } else {
      // The replacement is a code span that is not a name (`rng = np.random.default_rng(seed)`), or a few words.
      const rest = after.slice((arrow ?? WITH_AFTER.exec(after)!)[0].length);
      const span = codeSpans.find((c) => rest.startsWith(c));
      const words = span ?? /^[\w.]+(?:\s+[\w.]+){0,2}/.exec(rest)?.[0];
      out.push({ name: m.name, ...(words ? { replacement: words } : {}) });
    }
  });

  const rawPolarity = (m: NameMention) => polarityAt(toks, trace, clause, m.start, m.end);
  const finalPolarity = (m: NameMention): Sign | null => {
    let p = rawPolarity(m);
    if (p !== null && context && context.polarity === -1 && !trace.leadingNegation) p = (-p) as Sign;
    else if (p === null && context) p = context.polarity;
    return p;
  };
  const insideMention = (t: Tok) => mentions.some((m) => t.start >= m.start && t.end <= m.end);
  const gapOk = (m: NameMention): boolean => {
    let i = -1;
    for (let k = 0; k < toks.length && toks[k].end <= m.start; k++) if (!insideMention(toks[k]) && (cueOf(toks, k) || trace.contrast[k])) i = k;
    for (let k = i + 1; k < toks.length && toks[k].end <= m.start; k++) {
      const t = toks[k];
      if (t.punct || insideMention(t) || BAN_GAP.has(t.w)) continue;
      return false;
    }
    return true;
  };

  const free = mentions.filter((m) => !used.has(m));
  const banned = (m: NameMention) => finalPolarity(m) === -1 && gapOk(m) && !CONDITIONAL_AFTER.test(clause.slice(m.end));
  let asked = free.filter((m) => rawPolarity(m) === 1);
  let bans = free.filter((m) => !asked.includes(m) && banned(m));
  // Under "Don't:" with nothing else banned, "use `np.float`" is the banned name itself.
  if (bans.length === 0 && context?.polarity === -1) {
    bans = asked.filter(banned);
    asked = [];
  }
  if (bans.length === 0) return out;
  const words = asked.length ? undefined : wordsReplacement(clause, toks, trace);
  for (const b of bans) {
    const r = asked.find((a) => a.start > b.end) ?? asked[0];
    if (r) {
      const both = (f: (m: NameMention) => boolean) => f(b) && f(r);
      const rename = both((m) => m.name.includes('.')) || both((m) => written(m).endsWith('()'));
      out.push({ name: b.name, replacement: r.name, ...(rename ? { rename: true } : {}) });
    } else out.push({ name: b.name, ...(words ? { replacement: words } : {}) });
  }
  return out;
}

/**
 * Where a phrase's polarity is read from: a phrase that starts with its own verb ("skip … tests")
 * shares the cues before the verbs coordinated with it ("never delete or skip tests"), not the
 * coordinated verb itself ("Delete or skip failing tests" under "## NEVER").
 */
function coordinatedStart(clause: string, m: RegExpExecArray): number {
  let start = m.index;
  const first = /^[A-Za-z']+/.exec(m[0])?.[0].toLowerCase() ?? '';
  if (!NEGATIVE_VERBS.has(first) && !REMOVAL_VERBS.has(first)) return start;
  for (;;) {
    const before = /\b([A-Za-z']+)\s*(?:,\s*|\s+)(?:or|and|nor)\s+$|\b([A-Za-z']+),\s+$/.exec(clause.slice(0, start));
    const verb = (before?.[1] ?? before?.[2])?.toLowerCase();
    if (!before || !verb || !(NEGATIVE_VERBS.has(verb) || REMOVAL_VERBS.has(verb) || POSITIVE_VERBS.has(verb))) return start;
    start = before.index;
  }
}

function decideClause(
  clause: string,
  codeSpans: string[],
  context: Context | undefined,
  contextScope: ScopeWords | undefined,
  rules: readonly Rule<any>[],
  guidelineBang: boolean,
): { decisions: Map<string, Decision>; ambiguous: boolean } {
  const toks = tokenize(clause);
  const trace = tracePolarity(toks);
  const clauseLevel = guidelineBang ? 'error' : severityOfWording(clause);
  const level = combineSeverity(clauseLevel, context?.severity ?? null);
  const scope = scopeOf(clause, codeSpans) ?? contextScope;
  const decisions = new Map<string, Decision>();
  const at = new Map<string, number>();
  const claimed: [number, number][] = [];
  let ambiguous = false;

  for (const rule of rules) {
    const { avoid = [], require = [] } = rule.meta.phrases;
    const found: { kind: 'avoid' | 'require'; m: RegExpExecArray }[] = [];
    for (const re of avoid) {
      const m = firstMatch(re, clause);
      if (m) found.push({ kind: 'avoid', m });
    }
    for (const re of require) {
      const m = firstMatch(re, clause);
      if (m) found.push({ kind: 'require', m });
    }
    if (found.length === 0) continue;

    const options: Record<string, unknown> = {};
    for (const n of rule.meta.numberOptions ?? []) {
      const m = firstMatch(n.pattern, clause);
      if (m) options[n.option] = Number(m[1]);
    }
    const limited = Object.keys(options).length > 0 && /\b(?:under|below|at\s+most|max(?:imum)?|up\s+to|within|fewer|less|shorter|(?:no|not)\s+(?:be\s+)?(?:more|deeper|longer|larger|bigger|greater)\s+than|limit\w*|cap)\b|[<\u2264]/i.test(clause);

    let on: boolean | undefined;
    for (const { kind, m } of found) {
      let p = polarityAt(toks, trace, clause, coordinatedStart(clause, m), m.index + m[0].length);
      if (p !== null && context && context.polarity === -1 && !trace.leadingNegation) p = (-p) as Sign;
      else if (p === null && context) p = context.polarity;
      let verdict: boolean | undefined;
      if (limited) verdict = true;
      else if (p === null) {
        if (kind === 'require') verdict = true;
        else if (trace.firstLimit >= 0 && toks[trace.firstLimit].start < m.index) verdict = true;
        else ambiguous = true;
      } else verdict = kind === 'avoid' ? p === -1 : p === 1;
      // Within one clause, a request for the rule beats a mention that turns it off.
      if (verdict !== undefined) on = on === true ? true : verdict;
    }
    for (const { m } of found) claimed.push([m.index, m.index + m[0].length]);
    if (on === undefined) continue;
    if (on) for (const w of rule.meta.wordOptions ?? []) if (firstMatch(w.pattern, clause)) options[w.option] = w.value;
    decisions.set(rule.meta.id, { on, level, options: on ? options : {}, ...(scope ? { scope } : {}) });
    at.set(rule.meta.id, Math.min(...found.map((f) => f.m.index)));
  }
  // "Don't use `xfail` to hide failures": a purpose after another rule's object says why, it is no second order.
  for (const [id, i] of at) {
    if (/\bto\s+$/i.test(clause.slice(0, i)) && [...at.entries()].some(([other, j]) => other !== id && j < i)) decisions.delete(id);
  }

  if (rules.some((r) => r.meta.id === BANNED_API)) {
    const names = bannedNamesOf(clause, codeSpans, toks, trace, context, claimed);
    if (names.length) {
      const prior = decisions.get(BANNED_API);
      const before = prior?.on ? ((prior.options.names as BannedName[] | undefined) ?? []) : [];
      decisions.set(BANNED_API, { on: true, level, options: { names: [...before, ...names] }, ...(scope ? { scope } : {}) });
    }
  }
  return { decisions, ambiguous };
}

/**
 * Banned names left without a replacement in their clause take the one another clause or table
 * cell of the guideline asks for: "Don't use `print`; use `logging` instead", or a row of a
 * "Don't use | Use instead" table.
 */
function giveReplacements(d: Decision | undefined, units: { text: string; context: Context | undefined }[], codeSpans: string[]): void {
  const names = d?.on ? (d.options.names as BannedName[] | undefined) : undefined;
  if (!names || names.every((n) => n.replacement !== undefined)) return;
  let offered: { name: string; dotted: boolean } | undefined;
  for (const unit of units) {
    const toks = tokenize(unit.text);
    const trace = tracePolarity(toks);
    for (const m of nameMentions(unit.text, codeSpans)) {
      if (names.some((n) => n.name === m.name)) continue;
      let p = polarityAt(toks, trace, unit.text, m.start, m.end);
      if (p === null && unit.context) p = unit.context.polarity;
      if (p === 1) {
        offered = { name: m.name, dotted: m.name.includes('.') };
        break;
      }
    }
    if (offered) break;
  }
  if (!offered) return;
  const rename = (n: BannedName) => n.name.includes('.') && offered!.dotted;
  d!.options = { names: names.map((n) => (n.replacement !== undefined ? n : { ...n, replacement: offered!.name, ...(rename(n) ? { rename: true } : {}) })) };
}

/** Headings of sections that describe the project rather than ask for anything. */
const DESCRIPTIVE_HEADING =
  /^(?:project\s+|repository\s+|repo\s+|codebase\s+|code\s+)?(?:overview|about|architecture|structure|layout|description|background|introduction|summary|context|commands|setup|installation|getting\s+started|directory\s+structure|quick\s*start|usage)$/i;
/** A sentence about this file, the repository or the project, not an order. */
const DESCRIPTION = /^\s*(?:this|the)\s+(?:file|document|repo(?:sitory)?|project|codebase|library|package)\s+(?:is|contains|provides|holds|implements|describes|has)\b/i;

/** Why a guideline maps to no rule: about the workflow, or about code no rule checks. */
function reasonFor(text: string, codeSpans: string[], heading?: string): string {
  if (DESCRIPTION.test(text) || (heading !== undefined && DESCRIPTIVE_HEADING.test(heading.trim()))) return NOT_ABOUT_CODE;
  if (WORKFLOW.test(text) && !/\bcode\b/i.test(text.replace(/\bcode\s+review\w*/gi, ''))) return NOT_ABOUT_CODE;
  if (codeSpans.length > 0 || CODE_WORDS.test(text)) return NOT_ENFORCEABLE;
  return NOT_ABOUT_CODE;
}

/**
 * Maps one guideline to rule settings, with the reason when it maps to none (see the module
 * comment for the wording it understands). `rules` defaults to the catalog.
 */
export function classifyGuideline(g: Guideline, rules: readonly Rule<any>[] = RULES): MapResult {
  if (g.quoted || WHOLE_QUOTE.test(g.text)) return { mappings: [], reason: QUOTATION };
  const source: GuidelineSource = { file: g.file, line: g.line, text: g.text };
  const { text, stripped } = stripQuotations(g.text);
  const bang = /!!/.test(text);

  const parentContext = contextOf(g.listParent, false, rules);
  const headingContext = contextOf(g.heading, true, rules);
  const context = parentContext ?? headingContext;
  const contextScope = contextScopeOf(g.listParent, false) ?? contextScopeOf(g.heading, true);

  // Table rows under polar columns ("Do" / "Don't"): each cell is read under its column.
  const units: { text: string; context: Context | undefined }[] = [];
  const columnContexts = g.cells && g.columns ? g.cells.map((_, i) => columnContext(g.columns![i])) : [];
  if (columnContexts.some((c) => c !== undefined)) {
    g.cells!.forEach((cell, i) => {
      if (columnContexts[i] && cell) units.push({ text: cell, context: columnContexts[i] });
    });
  } else {
    for (const c of clausesOf(text)) units.push({ text: c.text, context });
  }

  const decided = new Map<string, Decision>();
  let ambiguous = false;
  for (const unit of units) {
    const r = decideClause(unit.text, g.codeSpans, unit.context, contextScope, rules, bang);
    // A later clause of the same guideline wins for the same rule; banned names add up.
    for (const [id, d] of r.decisions) {
      const prior = decided.get(id);
      decided.delete(id);
      if (id === BANNED_API && prior?.on && d.on) {
        const names = [...(prior.options.names as BannedName[]), ...(d.options.names as BannedName[])];
        decided.set(id, { ...d, options: { names } });
      } else decided.set(id, d);
    }
    ambiguous ||= r.ambiguous;
  }
  giveReplacements(decided.get(BANNED_API), units, g.codeSpans);
  for (const [id, implied] of Object.entries(ENTAILS)) {
    const d = decided.get(id);
    if (!d?.on) continue;
    for (const other of implied) {
      if (!decided.has(other) && rules.some((r) => r.meta.id === other)) decided.set(other, { ...d, options: {} });
    }
  }

  const order = new Map(rules.map((r, i) => [r.meta.id, i]));
  const mappings: Mapping[] = [...decided.entries()]
    .sort((a, b) => order.get(a[0])! - order.get(b[0])!)
    .map(([ruleId, d]) => ({
      ruleId,
      setting: d.on ? (d.level as Severity) : 'off',
      options: d.options,
      source,
      ...(d.scope ? { scope: d.scope.label } : {}),
      ...(d.scope?.include ? { include: d.scope.include } : {}),
      ...(d.scope?.exclude ? { exclude: d.scope.exclude } : {}),
    }));
  if (mappings.length > 0) return { mappings };
  if (stripped) return { mappings, reason: QUOTATION };
  if (ambiguous) return { mappings, reason: AMBIGUOUS };
  return { mappings, reason: reasonFor(g.text, g.codeSpans, g.heading) };
}

/** The rule settings a guideline asks for (empty when it names no rule; see `classifyGuideline`). */
export function mapGuideline(g: Guideline, rules: readonly Rule<any>[] = RULES): Mapping[] {
  return classifyGuideline(g, rules).mappings;
}
