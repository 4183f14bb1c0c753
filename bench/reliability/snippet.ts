/**
 * VS Code snippet text → the plain text an editor inserts when the author accepts every
 * placeholder as is: `${1:dims}` → `dims`, `$1` / `${1}` → nothing, `${1|a,b|}` → `a`,
 * `\$` `\}` `\\` → the character. Placeholders may nest.
 */
export function expandSnippet(snippet: string): string {
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
        out += snippet[i + 1];
        i += 2;
      } else if (c === '}' && inPlaceholder) {
        i++;
        return out;
      } else if (c === '$') {
        const simple = /^\$(\d+|[A-Za-z_]\w*)/.exec(snippet.slice(i));
        const braced = /^\$\{(\d+|[A-Za-z_]\w*)(:|\||\})/.exec(snippet.slice(i));
        if (braced) {
          i += braced[0].length;
          if (braced[2] === ':') out += parse(true);
          else if (braced[2] === '|') {
            const end = snippet.indexOf('|}', i);
            out += snippet.slice(i, end < 0 ? snippet.length : end).split(',')[0];
            i = end < 0 ? snippet.length : end + 2;
          }
        } else if (simple) {
          i += simple[0].length;
        } else {
          out += c;
          i++;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  return parse(false);
}
