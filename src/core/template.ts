/**
 * The CLAUDE.md that "Mantra: Create CLAUDE.md" writes: research-code guidelines in plain words
 * (each one maps to Mantra rules, and an assistant reads the same sentences) and a commented
 * ```mantra block showing the explicit settings.
 */
export const GUIDELINE_TEMPLATE = `# Guidelines for this code

Research code: it should fail loudly, say what shapes it expects, and stay small.
Assistants and people editing this repository follow these rules.

## Code
- Never use try/except blocks, placeholder values or fallbacks: let errors surface where they happen.
- Use assert to check the shapes of torch tensors.
- In torch code, avoid for loops: vectorize.
- Use docstrings for functions and classes.
- Avoid comments that explain what the code does; shape comments like \`# (B, T, D)\` are fine.
- Keep the code minimal and DRY: no dead code, no unused imports.
- Keep functions under 50 lines.

## Changes
- Keep your changes as targeted as possible.

## Mantra settings
Explicit settings win over the sentences above. Uncomment to use.

\`\`\`mantra
# rules:
#   no-try-except: warning
#   long-function: { severity: warning, maxLines: 60 }
# exclude:
#   - third_party/**
\`\`\`
`;
