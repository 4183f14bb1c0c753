/** Where each rule is documented: the anchor of its id in docs/rules.md of the repository. */
export const PROJECT_URI = 'https://github.com/mantra-dev/mantra';

/** The documentation page of a rule (the diagnostics' code link, SARIF's helpUri). */
export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URI}/blob/main/docs/rules.md#${ruleId}`;
}
