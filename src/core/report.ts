import { PROJECT_URI, ruleDocsUrl } from './docs';
import type { FileFinding, Finding, GuidelineSource, Severity } from './finding';
import { RULES, ruleById } from './rules';

/** One linted file; `path` is relative to the audit root, with `/` separators. */
export interface AuditFile {
  path: string;
  findings: Finding[];
}

/** A guideline line and the rules it switched on (possibly none, with the reason). */
export interface GuidelineLine {
  source: GuidelineSource;
  rules: string[];
  reason?: string;
}

/** Everything a report shows: what every front door (CLI, webview, hook) renders. */
export interface AuditModel {
  version: string;
  files: AuditFile[];
  /** Problems located in guideline files (bad ```mantra blocks, broken imports). */
  guidelineProblems: FileFinding[];
  /** The guideline lines of the rule sets used, enforced or not. */
  guidelines: GuidelineLine[];
}


/** Every finding with its file, guideline problems first. */
export function allFindings(model: AuditModel): FileFinding[] {
  return [...model.guidelineProblems, ...model.files.flatMap((f) => f.findings.map((x) => ({ ...x, file: f.path })))];
}

/** How many findings of each severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const sourceKey = (s: GuidelineSource) => `${s.file}:${s.line}`;

/** `path:line:col  severity  rule-id  message` lines, then a summary per guideline. */
export function formatText(model: AuditModel): string {
  const findings = allFindings(model);
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.file}${f.cell !== undefined ? `:cell ${f.cell + 1}` : ''}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity.padEnd(11)}  ${f.ruleId.padEnd(21)}  ${f.message}`);
  }
  if (findings.length) out.push('');
  const byGuideline = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.guideline) continue;
    const key = sourceKey(f.guideline);
    byGuideline.set(key, [...(byGuideline.get(key) ?? []), f]);
  }
  const enforced = model.guidelines.filter((g) => g.rules.length > 0);
  const notEnforced = model.guidelines.filter((g) => g.rules.length === 0);
  if (enforced.length) {
    out.push('Guidelines:');
    for (const g of enforced) {
      const hits = byGuideline.get(sourceKey(g.source)) ?? [];
      const perRule = new Map<string, number>();
      for (const f of hits) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
      const detail = hits.length ? ` (${[...perRule].map(([id, n]) => `${id} ${n}`).join(', ')})` : '';
      out.push(`  ${hits.length ? '✗' : '✓'} ${g.source.file}:${g.source.line + 1}  "${g.source.text}"  ${hits.length} finding${hits.length === 1 ? '' : 's'}${detail}`);
    }
  }
  const preset = findings.filter((f) => !f.guideline && !f.file.endsWith('.md'));
  if (preset.length) out.push(`  ${preset.length} finding${preset.length === 1 ? '' : 's'} from rules no guideline line names (preset or settings)`);
  if (notEnforced.length) {
    out.push('Not enforceable:');
    for (const g of notEnforced) out.push(`  - ${g.source.file}:${g.source.line + 1}  "${g.source.text}"${g.reason ? `  (${g.reason})` : ''}`);
  }
  const c = countBySeverity(findings);
  out.push(`${findings.length} finding${findings.length === 1 ? '' : 's'} in ${model.files.length} file${model.files.length === 1 ? '' : 's'}: ${c.error} error, ${c.warning} warning, ${c.information} information, ${c.hint} hint`);
  return out.join('\n') + '\n';
}

/** The JSON format: one object per finding, 1-based lines and columns (and cells, in a notebook). */
export function formatJson(model: AuditModel): string {
  const rows = allFindings(model).map((f) => ({
    file: f.file,
    ...(f.cell !== undefined ? { cell: f.cell + 1 } : {}),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    guideline: f.guideline ? { file: f.guideline.file, line: f.guideline.line + 1, text: f.guideline.text } : null,
    fix: !!f.fix,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A finding's region; in a notebook its lines count from the cell's start, and the 1-based cell is a property. */
const region = (f: Finding) => ({
  startLine: f.range.start.line + 1,
  startColumn: f.range.start.character + 1,
  endLine: f.range.end.line + 1,
  endColumn: f.range.end.character + 1,
  ...(f.cell !== undefined ? { properties: { cell: f.cell + 1 } } : {}),
});

/** SARIF 2.1.0: one run, the catalog as the driver's rules, each result with its guideline. */
export function formatSarif(model: AuditModel): string {
  const findings = allFindings(model);
  const ids = [...RULES.map((r) => r.meta.id)];
  for (const f of findings) if (!ids.includes(f.ruleId)) ids.push(f.ruleId);
  const rules = ids.map((id) => {
    const rule = ruleById(id);
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: rule ? rule.meta.guideline : `Mantra ${id}` },
      fullDescription: { text: rule ? rule.meta.description : 'A problem in a guideline file or in Mantra itself.' },
      defaultConfiguration: { level: SARIF_LEVEL[rule ? rule.meta.defaultSeverity : 'error'] },
      helpUri: ruleDocsUrl(id),
      properties: { category: rule?.meta.category ?? 'configuration', fixable: rule?.meta.fixable ?? false },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ids.indexOf(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.guideline ? `${f.message} (guideline ${f.guideline.file}:${f.guideline.line + 1}: "${f.guideline.text}")` : f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' }, region: region(f) } }],
    ...(f.guideline
      ? {
          relatedLocations: [
            {
              id: 1,
              message: { text: `guideline: ${f.guideline.text}` },
              physicalLocation: { artifactLocation: { uri: encodeURI(f.guideline.file), uriBaseId: '%SRCROOT%' }, region: { startLine: f.guideline.line + 1 } },
            },
          ],
        }
      : {}),
    properties: { guideline: f.guideline ? f.guideline.text : null, fixable: !!f.fix },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mantra', version: model.version, informationUri: PROJECT_URI, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The audit root' } } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
