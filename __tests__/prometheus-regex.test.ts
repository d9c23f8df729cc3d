import { prometheusRegexProblem } from '../lib/config/prometheus-regex';

/** The slo/invalid-regex check without promtool (the promtool proof: __tests__/prometheus/config-text.test.ts). */
describe('prometheusRegexProblem', () => {
  test.each(['5..', '5\\d\\d', '[[:digit:]]{3}', '\\pN+', '5(?P<rest>..)', '(?i)error', 'x{1000}', '\\Q(\\E', '[(?<]x', '\\(?<'])('%s is accepted', (re) => {
    expect(prometheusRegexProblem(re)).toBeUndefined();
  });

  test.each([
    [')(', 'unexpected ): `)(`'],
    ['5..")(', 'unexpected ): `5..")(`'],
    ['x{1001}', 'invalid repeat count: `{1001}`'],
    ['5..)', 'unexpected ): `^(?:5..))$`'],
    ['(?=5)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?<!4)5', 'invalid or unsupported Perl syntax: `(?<`'],
    ['(?<n>5)', 'invalid or unsupported Perl syntax: `(?<`'],
    ['(5)\\1', 'invalid escape sequence: `\\1`'],
    ['\\Z', 'invalid escape sequence: `\\Z`'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['x\ud800', 'lone UTF-16 surrogate'],
  ])('%s is refused: %s', (re, reason) => {
    expect(prometheusRegexProblem(re)).toContain(reason);
  });
});
