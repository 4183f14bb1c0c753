import * as vscode from 'vscode';
import type { RuleSettingInput } from '../core/guidelines';

/** The `mantra.*` settings of one resource, as declared in package.json's `contributes.configuration`. */
export interface MantraSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  debounce: number;
  /** Per-rule severity (and options) overrides, the last layer above every guideline file. */
  rules: Record<string, RuleSettingInput>;
  exclude: string[];
  preset: 'none' | 'research';
  maxFileSize: number;
  /** Show only findings on the lines that differ from `HEAD` (when git gives a diff). */
  changedOnly: boolean;
}

/** The settings that apply to `scope` (a file's own folder settings win). */
export function settingsFor(scope?: vscode.Uri): MantraSettings {
  const c = vscode.workspace.getConfiguration('mantra', scope);
  return {
    enable: c.get<boolean>('enable', true),
    run: c.get<'onType' | 'onSave'>('run', 'onType'),
    debounce: c.get<number>('debounce', 150),
    rules: c.get<Record<string, RuleSettingInput>>('rules', {}),
    exclude: c.get<string[]>('exclude', []),
    preset: c.get<'none' | 'research'>('preset', 'none'),
    maxFileSize: c.get<number>('maxFileSize', 1_000_000),
    changedOnly: c.get<boolean>('changedOnly', false),
  };
}

/** Whether a configuration change touches Mantra's settings. */
export function affectsMantra(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('mantra');
}
