import * as assert from 'assert';
import type { Finding } from '../../src/core/finding';
import { shortenGuideline, summarizeByGuideline } from '../../src/core/guidelineSummary';
import type { AuditModel, GuidelineLine } from '../../src/core/report';
import { renderReportHtml } from '../../src/core/reportHtml';

const failFast = { file: '/ws/CLAUDE.md', line: 5, text: 'Never use try/except blocks.' };
const shapes = { file: '/ws/CLAUDE.md', line: 6, text: 'Use assert for torch tensor shapes.' };
const workflow = { file: '/ws/CLAUDE.md', line: 9, text: 'Run experiments with `make`.' };
const guidelines: GuidelineLine[] = [
  { source: failFast, rules: ['no-try-except'] },
  { source: shapes, rules: ['tensor-shape-assert'] },
  { source: workflow, rules: [], reason: 'not about code' },
];
const at = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 10 } });
const finding = (ruleId: string, line: number, severity: Finding['severity'], guideline: Finding['guideline'], message = `${ruleId} <here>`): Finding => ({
  ruleId,
  severity,
  range: at(line),
  message,
  guideline,
});

describe('guideline summary', () => {
  it('groups findings by guideline, most findings first, and lists the lines no rule enforces', () => {
    const findings = [finding('tensor-shape-assert', 1, 'warning', shapes), finding('no-try-except', 3, 'error', failFast), finding('no-try-except', 8, 'error', failFast), finding('unused-import', 0, 'warning', null)];
    const s = summarizeByGuideline(findings, guidelines);
    assert.deepStrictEqual(s.enforced.map((g) => [g.source.line, g.findings.length, g.worst]), [[5, 2, 'error'], [6, 1, 'warning']]);
    assert.deepStrictEqual(s.unattributed.map((f) => f.ruleId), ['unused-import']);
    assert.deepStrictEqual(s.notEnforced.map((g) => g.source.line), [9]);
  });
  it('breaks ties by severity, then by file order', () => {
    const s = summarizeByGuideline([finding('tensor-shape-assert', 1, 'warning', shapes), finding('no-try-except', 3, 'error', failFast)], guidelines);
    assert.deepStrictEqual(s.enforced.map((g) => g.source.line), [5, 6]);
    const none = summarizeByGuideline([], guidelines);
    assert.deepStrictEqual(none.enforced.map((g) => [g.source.line, g.findings.length]), [[5, 0], [6, 0]]);
  });
  it('shortens a guideline to its first clause or whole words', () => {
    assert.strictEqual(shortenGuideline('Never use value placeholders, try/except blocks, or any "if this fails, do this" logic.'), 'Never use value placeholders');
    assert.strictEqual(shortenGuideline('Use assert for torch tensor shapes.'), 'Use assert for torch tensor shapes');
    assert.strictEqual(shortenGuideline('Keep the code minimal and DRY and free of anything it does not need'), 'Keep the code minimal and DRY and free…');
  });
});

describe('html report', () => {
  const model: AuditModel = {
    version: '0.1.0',
    files: [
      { path: 'model.py', findings: [finding('no-try-except', 3, 'error', failFast)] },
      { path: 'data.py', findings: [] },
    ],
    guidelineProblems: [{ ...finding('guideline-config', 12, 'error', null, 'unknown rule "no-such-rule"'), file: '/ws/CLAUDE.md' }],
    guidelines,
  };
  const html = renderReportHtml(model, { title: 'Mantra audit', styleHref: 'style.css', scriptSrc: 'report.js', cspSource: 'vscode-resource:', nonce: 'abc', displayPath: (f) => f.replace('/ws/', '') });

  it('has a section per guideline, headed by its words, with counts and a score', () => {
    assert.match(html, /<h2>Never use try\/except blocks\.<\/h2>/);
    assert.match(html, /1 finding<\/span> · <span class="score"[^>]*>50% of files clean/);
    assert.match(html, /<h2>Use assert for torch tensor shapes\.<\/h2>[\s\S]*No findings\./);
    assert.match(html, /Not enforceable by a linter[\s\S]*Run experiments with `make`\.[\s\S]*not about code/);
    assert.match(html, /Problems in the guideline files[\s\S]*unknown rule &quot;no-such-rule&quot;/);
  });
  it('makes each finding a link to its location, escapes text, and runs only its own script', () => {
    assert.match(html, /<li class="finding sev-error" data-file="model.py" data-line="3" data-character="4"/);
    assert.match(html, /no-try-except &lt;here&gt;/);
    assert.match(html, /script-src &#39;nonce-abc&#39;/);
    assert.match(html, /1 finding in 2 files: <span class="count sev-error">1 error<\/span> · <span class="count sev-error">1 problem in the guideline files/);
    assert.match(html, /<span class="loc">CLAUDE\.md:13:5<\/span>/);
    assert.match(html, /<script nonce="abc" src="report.js">/);
    assert.match(html, />CLAUDE\.md:6<\/a>/);
  });
  it('shows what the Claude Code hook reported and what got fixed, only when it ran', () => {
    assert.doesNotMatch(html, /hook-summary/);
    const opts = { title: 't', styleHref: 's', scriptSrc: 'r', cspSource: 'c', nonce: 'n' };
    const withHook = renderReportHtml(model, { ...opts, hook: { reported: 5, fixed: 3, badLines: [] } });
    assert.match(withHook, /<p class="hook-summary"[^>]*>Claude Code hook: <span class="n">5 findings<\/span> reported to the assistant in this workspace, <span class="n">3<\/span> fixed<\/p><\/header>/);
    const unread = renderReportHtml(model, { ...opts, hook: { reported: 1, fixed: 0, badLines: [4] } });
    assert.match(unread, /1 finding<\/span> reported[^<]*<span class="n">0<\/span> fixed <span class="unread">\(1 log line unreadable\)<\/span>/);
  });
  it('the change audit: the guidelines of its lead rules first, and the baselined count', () => {
    const targeted = { file: '/ws/CLAUDE.md', line: 11, text: 'Keep your changes as targeted as possible.' };
    const change: AuditModel = {
      ...model,
      guidelineProblems: [],
      files: [{ path: 'model.py', findings: [finding('no-try-except', 3, 'error', failFast), finding('untargeted-edit', 5, 'warning', targeted)] }],
      guidelines: [...guidelines, { source: targeted, rules: ['untargeted-edit'] }],
    };
    const opts = { title: 't', styleHref: 's', scriptSrc: 'r', cspSource: 'c', nonce: 'n' };
    const headings = (h: string) => [...h.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    assert.strictEqual(headings(renderReportHtml(change, opts))[0], 'Never use try/except blocks.');
    const led = renderReportHtml(change, { ...opts, leadRules: ['untargeted-edit'], baselined: 2 });
    assert.deepStrictEqual(headings(led).slice(0, 2), ['Keep your changes as targeted as possible.', 'Never use try/except blocks.']);
    assert.match(led, /<span class="baselined"[^>]*>2 findings baselined<\/span><\/p>/);
    assert.doesNotMatch(renderReportHtml(change, { ...opts, baselined: 0 }), /baselined/);
  });
});
