import { RE2JS } from 're2js';

/**
 * The regular expressions Prometheus accepts in a `=~` / `!~` label matcher. Prometheus compiles
 * the value with Go's regexp (RE2 syntax, Perl flags) anchored as `^(?:<value>)$`
 * (prometheus/model/labels/regexp.go NewFastRegexMatcher), and newer versions also parse the value
 * on its own; a value fails if either fails. So `)(` is refused although `^(?:)()$` balances, and
 * so are what JavaScript has and RE2 lacks: lookarounds, backreferences, `\Z`, `\cA`, `\uFFFF`,
 * repeat counts over 1000 (`x{1001}`, also nested: `(x{100}){100}{100}`) and nesting deeper than
 * 1000. The check is `re2js`, a port of the same Go parser (its messages are Go's, word for word).
 */

/** Why Prometheus refuses `value` as a matcher regex (Go's parse error), or undefined when it accepts it. */
export function prometheusRegexProblem(value: string): string | undefined {
  // Prometheus reads UTF-8; a lone UTF-16 surrogate (YAML "\ud800") has no UTF-8 form.
  if (/\p{Cs}/u.test(value)) return 'it holds a lone UTF-16 surrogate, which has no UTF-8 form';
  // Go before 1.22 (Prometheus 2.42, the promtool the project proves rules with) refuses every `(?<`:
  // lookbehinds, and named groups, which it knows only as `(?P<name>`. re2js follows newer Go.
  if (groupOpeningAt(value, '(?<') !== undefined) {
    return 'error parsing regexp: invalid or unsupported Perl syntax: `(?<` (no lookbehind; write a named group as (?P<name>...))';
  }
  for (const source of [`^(?:${value})$`, value]) {
    try {
      RE2JS.compile(source);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return undefined;
}

/**
 * Offset of `opening` (a group syntax such as `(?<`) in a regex, or undefined. Escapes, `\Q...\E`
 * literals and character classes are skipped, where it is literal text.
 */
function groupOpeningAt(value: string, opening: string): number | undefined {
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '\\') {
      if (value[i + 1] === 'Q') {
        const end = value.indexOf('\\E', i + 2);
        i = end < 0 ? value.length : end + 2;
      } else i += 2;
      continue;
    }
    if (c === '[') {
      i = classEnd(value, i);
      continue;
    }
    if (value.startsWith(opening, i)) return i;
    i += 1;
  }
  return undefined;
}

/** Index after the character class opening at `start` (`]` first, or after `^`, is literal). */
function classEnd(value: string, start: number): number {
  let i = start + 1;
  if (value[i] === '^') i += 1;
  if (value[i] === ']') i += 1;
  while (i < value.length && value[i] !== ']') {
    if (value[i] === '\\') i += 2;
    else if (value.startsWith('[:', i)) {
      const end = value.indexOf(':]', i + 2);
      i = end < 0 ? i + 1 : end + 2;
    } else i += 1;
  }
  return i + 1;
}
