// `npm run explain -- <hpa.yaml|json> [--pods <pods.yaml>] [--now <RFC 3339>] [--format text|json]
//   [--sync-period <s>] [--tolerance <ratio>] [--downscale-stabilization <s>]`
// Why a live HPA does what it does, from `kubectl get hpa <name> -o yaml` (see README, "Explain a live HPA").
import { parseArgs } from 'util';
import { resolveUserPath } from '../lib/cli/paths';
import { runExplain } from '../lib/explain/explain-command';

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run explain -- <hpa.yaml> [--pods <pods.yaml>] [--now <time>] [--format text|json]\n`);
  process.exit(2);
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/s$/, ''));
  if (!Number.isFinite(n) || n < 0) fail(`--${flag} must be a number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      pods: { type: 'string' },
      now: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'sync-period': { type: 'string' },
      tolerance: { type: 'string' },
      'downscale-stabilization': { type: 'string' },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail('give exactly one file');
if (values.format !== 'text' && values.format !== 'json') fail(`--format must be text or json, got ${JSON.stringify(values.format)}`);
const now = values.now === undefined ? Date.now() : Date.parse(values.now);
if (Number.isNaN(now)) fail(`--now must be an RFC 3339 time, got ${JSON.stringify(values.now)}`);
const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
if (tolerance !== undefined && !(tolerance >= 0)) fail(`--tolerance must be a ratio such as 0.1, got ${JSON.stringify(values.tolerance)}`);

const settings = Object.fromEntries(Object.entries({
  syncPeriodSeconds: seconds('sync-period', values['sync-period']),
  tolerance,
  downscaleStabilizationWindowSeconds: seconds('downscale-stabilization', values['downscale-stabilization']),
}).filter(([, v]) => v !== undefined));

const result = runExplain({ file: resolveUserPath(positionals[0]), podsFile: values.pods === undefined ? undefined : resolveUserPath(values.pods), now, format: values.format, settings });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
