import type { Finding, GuidelineSource, Severity } from './finding';
import { SEVERITIES } from './finding';
import type { GuidelineLine } from './report';

/** An enforced guideline line with the findings of the rules it switched on. */
export interface GuidelineTally<F extends Finding = Finding> {
  source: GuidelineSource;
  rules: string[];
  findings: F[];
  /** The most severe finding's severity, when there are findings. */
  worst?: Severity;
}

export interface GuidelineSummary<F extends Finding = Finding> {
  /** Enforced guideline lines, most findings first (then worst severity, then file order). */
  enforced: GuidelineTally<F>[];
  /** Findings from rules no guideline line names (a preset, editor settings, Mantra itself). */
  unattributed: F[];
  /** Guideline lines no rule can enforce, with the reason. */
  notEnforced: GuidelineLine[];
}

const keyOf = (s: GuidelineSource) => `${s.file}\u0000${s.line}`;
const rank = (s: Severity | undefined) => (s ? SEVERITIES.indexOf(s) : SEVERITIES.length);

/** Groups findings by the guideline line each comes from. */
export function summarizeByGuideline<F extends Finding>(findings: readonly F[], guidelines: readonly GuidelineLine[]): GuidelineSummary<F> {
  const tallies = new Map<string, GuidelineTally<F>>();
  for (const g of guidelines) {
    if (g.rules.length === 0) continue;
    const key = keyOf(g.source);
    const known = tallies.get(key);
    if (known) known.rules.push(...g.rules.filter((r) => !known.rules.includes(r)));
    else tallies.set(key, { source: g.source, rules: [...g.rules], findings: [] });
  }
  const unattributed: F[] = [];
  for (const f of findings) {
    if (!f.guideline) {
      unattributed.push(f);
      continue;
    }
    const key = keyOf(f.guideline);
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = { source: f.guideline, rules: [], findings: [] }));
    if (!tally.rules.includes(f.ruleId)) tally.rules.push(f.ruleId);
    tally.findings.push(f);
    if (rank(f.severity) < rank(tally.worst)) tally.worst = f.severity;
  }
  const order = [...tallies.values()];
  const position = new Map(order.map((t, i) => [t, i]));
  order.sort((a, b) => b.findings.length - a.findings.length || rank(a.worst) - rank(b.worst) || position.get(a)! - position.get(b)!);
  const seen = new Set<string>();
  const notEnforced = guidelines.filter((g) => {
    if (g.rules.length > 0 || tallies.has(keyOf(g.source)) || seen.has(keyOf(g.source))) return false;
    seen.add(keyOf(g.source));
    return true;
  });
  return { enforced: order, unattributed, notEnforced };
}

/**
 * A guideline sentence shortened for a status bar: its first clause when that is long enough to
 * stand alone, else the words that fit in `max` characters, with an ellipsis.
 */
export function shortenGuideline(text: string, max = 40): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/[.:;!]+$/, '');
  if (clean.length <= max) return clean;
  const clause = /^(.{12,}?)[,;:.—–(]/.exec(clean);
  if (clause && clause[1].trim().length <= max) return clause[1].trim();
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '') + '…';
}
