import type { FileFinding, Finding, Severity } from './finding';
import { summarizeByGuideline } from './guidelineSummary';
import type { HookSummary } from './hookLog';
import { allFindings, countBySeverity, type AuditModel } from './report';

/** What the host supplies: the stylesheet and script locations and the CSP source (a webview's). */
export interface HtmlReportOptions {
  title: string;
  styleHref: string;
  scriptSrc: string;
  /** Content-Security-Policy source of the host (a VS Code webview's `cspSource`). */
  cspSource: string;
  /** A fresh random string per render: only the report's own script runs. */
  nonce: string;
  /** How a guideline file's path is shown (default: as given). */
  displayPath?: (file: string) => string;
  /** What the Claude Code hook reported to the assistant and what got fixed (its log), when it ran here. */
  hook?: HookSummary;
  /** Guidelines enforced by these rules come first (the change audit leads with `untargeted-edit`). */
  leadRules?: readonly string[];
  /** How many findings the baseline (`.mantra-baseline.json`) hid, said in the summary when any. */
  baselined?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A link that reveals a location in the editor when clicked (0-based line and character). */
function locationAttrs(file: string, line: number, character: number): string {
  return `data-file="${esc(file)}" data-line="${line}" data-character="${character}" tabindex="0" role="link"`;
}

function findingItem(f: FileFinding, shown: (file: string) => string): string {
  const where = `${shown(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
  return (
    `<li class="finding sev-${f.severity}" ${locationAttrs(f.file, f.range.start.line, f.range.start.character)} title="Reveal ${esc(where)}">` +
    `<span class="sev">${f.severity}</span><span class="loc">${esc(where)}</span>` +
    `<span class="msg">${esc(f.message)}</span><code class="rule">${esc(f.ruleId)}</code>${f.fix ? '<span class="fixable" title="A quick fix is available">fix</span>' : ''}</li>`
  );
}

function severitySummary(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const parts = (['error', 'warning', 'information', 'hint'] as Severity[]).filter((s) => c[s] > 0).map((s) => `<span class="count sev-${s}">${c[s]} ${s}</span>`);
  return parts.join(' ');
}

/** The loop with the assistant: what the Claude Code hook fed back and what was fixed since. */
function hookSummary(hook: HookSummary): string {
  const unread = hook.badLines.length ? ` <span class="unread">(${plural(hook.badLines.length, 'log line')} unreadable)</span>` : '';
  return (
    `<p class="hook-summary" title="From .mantra/hook-log.jsonl, which the hook appends to">Claude Code hook: ` +
    `<span class="n">${plural(hook.reported, 'finding')}</span> reported to the assistant in this workspace, <span class="n">${hook.fixed}</span> fixed${unread}</p>`
  );
}

/**
 * The audit report as one HTML page: findings grouped by the guideline sentence they enforce
 * (its own words as the heading), each with its count and a score (the share of audited files
 * with no finding of it), then findings no guideline names, problems in the guideline files, and
 * the guideline lines no rule can enforce. Each finding carries its location for the host's
 * script to reveal; colours come from the host's theme variables in the stylesheet.
 */
export function renderReportHtml(model: AuditModel, opts: HtmlReportOptions): string {
  const shown = opts.displayPath ?? ((f: string) => f);
  const fileFindings = allFindings(model).filter((f) => !model.guidelineProblems.includes(f));
  const summary = summarizeByGuideline(fileFindings, model.guidelines);
  const lead = opts.leadRules ?? [];
  const leads = (g: { rules: readonly string[] }) => (g.rules.some((r) => lead.includes(r)) ? 0 : 1);
  const enforced = lead.length ? [...summary.enforced].sort((a, b) => leads(a) - leads(b)) : summary.enforced;
  const total = model.files.length;
  const body: string[] = [];

  const problems = model.guidelineProblems.length;
  body.push(
    `<header><h1>${esc(opts.title)}</h1><p class="summary">${plural(fileFindings.length, 'finding')} in ${plural(total, 'file')}` +
      `${fileFindings.length ? ': ' + severitySummary(fileFindings) : ''}` +
      `${problems ? ` · <span class="count sev-error">${plural(problems, 'problem')} in the guideline files</span>` : ''}` +
      `${opts.baselined ? ` · <span class="baselined" title="Findings .mantra-baseline.json holds are hidden">${plural(opts.baselined, 'finding')} baselined</span>` : ''}</p>` +
      (opts.hook ? hookSummary(opts.hook) : '') +
      '</header>',
  );
  if (enforced.length === 0 && fileFindings.length === 0 && model.guidelines.length === 0) {
    body.push('<p class="empty">No guideline file governs these files, and no preset is set: nothing is enforced.</p>');
  }

  for (const g of enforced) {
    const filesHit = new Set(g.findings.map((f) => f.file)).size;
    const score = total ? Math.round((100 * (total - filesHit)) / total) : 100;
    const state = g.findings.length ? `sev-${g.worst}` : 'clean';
    body.push(
      `<section class="guideline ${state}"><h2>${esc(g.source.text)}</h2>` +
        `<p class="meta"><a class="source" ${locationAttrs(g.source.file, g.source.line, 0)}>${esc(shown(g.source.file))}:${g.source.line + 1}</a>` +
        ` · ${g.rules.map((r) => `<code class="rule">${esc(r)}</code>`).join(' ')}` +
        ` · <span class="n">${plural(g.findings.length, 'finding')}</span>` +
        (total > 1 ? ` · <span class="score" title="Share of audited files with no finding of this guideline">${score}% of files clean</span>` : '') +
        '</p>' +
        (g.findings.length ? `<ul class="findings">${g.findings.map((f) => findingItem(f, shown)).join('')}</ul>` : '<p class="ok">No findings.</p>') +
        '</section>',
    );
  }
  if (summary.unattributed.length) {
    body.push(
      '<section class="guideline other"><h2>Rules no guideline line names</h2><p class="meta">Switched on by a preset or the editor settings.</p>' +
        `<ul class="findings">${summary.unattributed.map((f) => findingItem(f, shown)).join('')}</ul></section>`,
    );
  }
  if (model.guidelineProblems.length) {
    body.push(
      `<section class="guideline problems"><h2>Problems in the guideline files</h2><ul class="findings">${model.guidelineProblems.map((f) => findingItem(f, shown)).join('')}</ul></section>`,
    );
  }
  if (summary.notEnforced.length) {
    body.push(
      '<section class="not-enforced"><h2>Not enforceable by a linter</h2><ul>' +
        summary.notEnforced
          .map(
            (g) =>
              `<li><a class="source" ${locationAttrs(g.source.file, g.source.line, 0)}>${esc(shown(g.source.file))}:${g.source.line + 1}</a> ` +
              `<span class="text">${esc(g.source.text)}</span>${g.reason ? ` <span class="reason">${esc(g.reason)}</span>` : ''}</li>`,
          )
          .join('') +
        '</ul></section>',
    );
  }

  const csp = `default-src 'none'; style-src ${opts.cspSource}; img-src ${opts.cspSource}; script-src 'nonce-${opts.nonce}';`;
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<link rel="stylesheet" href="${esc(opts.styleHref)}"><title>${esc(opts.title)}</title></head>` +
    `<body><main class="mantra-report">${body.join('\n')}</main>` +
    `<script nonce="${esc(opts.nonce)}" src="${esc(opts.scriptSrc)}"></script></body></html>`
  );
}
