import { EXPLAIN_USAGE, formatFlagFindings, parseDurationSeconds, parseExplainArgs, parseRfc3339 } from '../lib/explain/explain-flags';

const NOW = Date.parse('2026-11-29T08:00:00Z');
const parse = (...argv: string[]) => parseExplainArgs(['hpa.yaml', ...argv], NOW);
/** The one finding a bad command line gives, as printed. */
function failure(...argv: string[]): string {
  const r = parseExplainArgs(argv, NOW);
  expect(r.args).toBeUndefined();
  expect(r.findings).toHaveLength(1);
  return formatFlagFindings(r.findings);
}

describe('explain flags: valid values reach the controller settings', () => {
  test('defaults: text, now, no settings', () => {
    expect(parse().args).toEqual({ file: 'hpa.yaml', podsFile: undefined, now: NOW, format: 'text', settings: {} });
  });

  test('Go durations and plain seconds, as the controller flags take them', () => {
    const r = parse('--sync-period', '30s', '--downscale-stabilization', '2m30s', '--cpu-initialization-period', '0',
      '--initial-readiness-delay', '1500ms', '--tolerance', '0.05', '--format', 'json', '--now', '2026-11-29T09:00:00+01:00', '--pods', 'p.yaml');
    expect(r.args).toEqual({
      file: 'hpa.yaml', podsFile: 'p.yaml', now: NOW, format: 'json',
      settings: { syncPeriodSeconds: 30, downscaleStabilizationWindowSeconds: 150, cpuInitializationPeriodSeconds: 0, initialReadinessDelaySeconds: 1.5, tolerance: 0.05 },
    });
    expect(parse('--tolerance', '0').args?.settings).toEqual({ tolerance: 0 });
    expect(parse('--sync-period', '1h').args?.settings).toEqual({ syncPeriodSeconds: 3600 });
  });

  test.each([
    ['15s', 15], ['1m30s', 90], ['300ms', 0.3], ['1h2m3.5s', 3723.5], ['-5s', -5], ['10', 10], ['2.5', 2.5], ['.5s', 0.5],
    ['5 s', undefined], ['5x', undefined], ['s', undefined], ['', undefined], ['1m-3s', undefined],
  ])('duration %j is %p seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  test.each([
    ['2026-11-29T08:00:00Z', NOW], ['2026-11-29T08:00:00.000Z', NOW], ['2026-11-29T10:00:00+02:00', NOW],
    ['2026-11-29', undefined], ['2026-02-30T08:00:00Z', undefined], ['2026-11-29T25:00:00Z', undefined], ['yesterday', undefined], ['1764403200000', undefined],
  ])('RFC 3339 %j', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });
});

describe('explain flags: each nonsense value is a finding naming flag, rule and fix', () => {
  test('--tolerance 5 (the tester\'s example): out of [0, 1), with the percent reading as the fix', () => {
    expect(failure('hpa.yaml', '--tolerance', '5')).toBe(
      'error --tolerance: is 5; it must be a ratio in [0, 1): the controller acts outside [1 - tolerance, 1 + tolerance], and at 1 or more no usage could ask for fewer replicas [cli/range]\n'
      + '    fix: for 5% give --tolerance 0.05; the controller default is 0.1 (--horizontal-pod-autoscaler-tolerance)');
  });

  test('--tolerance 1 is already out: the scale-down bound would be 0', () => {
    expect(failure('hpa.yaml', '--tolerance', '1')).toMatch(/^error --tolerance: is 1; it must be a ratio in \[0, 1\)/);
  });

  test('--sync-period 0 (the tester\'s example): the period must be positive', () => {
    expect(failure('hpa.yaml', '--sync-period', '0')).toBe(
      'error --sync-period: is 0; it must be in (0s, 1h]: the controller needs a positive period between syncs [cli/range]\n'
      + '    fix: the controller default is 15s (--horizontal-pod-autoscaler-sync-period)');
    expect(failure('hpa.yaml', '--sync-period', '0s')).toMatch(/\[cli\/range\]/);
  });

  test('negative values without "=" are range findings, not parseArgs\'s "ambiguous" message', () => {
    expect(failure('hpa.yaml', '--tolerance', '-0.5')).toMatch(/^error --tolerance: is -0\.5; it must be a ratio in \[0, 1\)/);
    expect(failure('hpa.yaml', '--sync-period', '-15s')).toMatch(/^error --sync-period: is -15s; it must be in \(0s, 1h\]/);
    expect(failure('hpa.yaml', '--downscale-stabilization', '-1')).toMatch(/^error --downscale-stabilization: is -1; it must be in \[0s, 24h\]: a duration cannot be negative \[cli\/range\]/);
    expect(failure('hpa.yaml', '--tolerance=-0.5')).toMatch(/^error --tolerance: is -0\.5/);
  });

  test.each([
    [['--sync-period', '2h'], /^error --sync-period: is 2h \(7200 s\); it must be in \(0s, 1h\] \[cli\/range\]\n {4}fix: .*check the unit/],
    [['--downscale-stabilization', '48h'], /^error --downscale-stabilization: is 48h \(172800 s\); it must be in \[0s, 24h\]/],
    [['--cpu-initialization-period', 'five minutes'], /^error --cpu-initialization-period: is "five minutes", not a duration \[cli\/duration\]\n {4}fix: a duration as --horizontal-pod-autoscaler-cpu-initialization-period takes it/],
    [['--initial-readiness-delay', '-30s'], /^error --initial-readiness-delay: is -30s; it must be in \[0s, 24h\]/],
    [['--tolerance', '10%'], /^error --tolerance: is "10%", not a number \[cli\/number\]/],
    [['--tolerance', 'NaN'], /\[cli\/number\]/],
    [['--tolerance', 'Infinity'], /\[cli\/number\]/],
    [['--format', 'yaml'], /^error --format: is "yaml"; it must be text or json \[cli\/choice\]/],
    [['--now', 'now'], /^error --now: is "now", not an RFC 3339 date-time \[cli\/time\]\n {4}fix: .*--now 2026-11-29T08:00:00Z/],
    [['--pods', ''], /^error: Option '--pods <value>' is empty: give a path \[cli\/usage\]/],
  ])('%j', (argv, message) => {
    expect(failure('hpa.yaml', ...argv)).toMatch(message);
  });

  test('every bad flag is reported at once', () => {
    const r = parseExplainArgs(['hpa.yaml', '--tolerance', '5', '--sync-period', '0', '--format', 'xml'], NOW);
    expect(r.findings.map((f) => [f.path[0], f.rule])).toEqual([['--format', 'cli/choice'], ['--tolerance', 'cli/range'], ['--sync-period', 'cli/range']]);
  });

  test('a parseArgs error becomes a cli/usage finding with the usage line', () => {
    expect(failure('hpa.yaml', '--bogus')).toBe(`error: Unknown option '--bogus' [cli/usage]\n    fix: ${EXPLAIN_USAGE}`);
    expect(failure('hpa.yaml', '--tolerance')).toMatch(/^error: Option '--tolerance <value>' argument missing \[cli\/usage\]\n {4}fix: usage: npm run explain -- /);
  });

  test('no file or two files: cli/usage with the usage line', () => {
    expect(failure()).toMatch(/^error: no HPA file given \[cli\/usage\]\n {4}fix: usage: npm run explain -- /);
    expect(failure('a.yaml', 'b.yaml')).toMatch(/^error: give exactly one HPA file, got 2: a\.yaml b\.yaml \[cli\/usage\]/);
  });
});
