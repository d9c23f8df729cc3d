// npm run conformance -- <vectors.json> [...]: runs HPA test vectors (ALGORITHM.md §13 format)
// through the engine; prints each failing vector and the line "N passed, M failed"; exit 0 iff M = 0.
import * as fs from 'fs';
import { report, runVectors, VectorOutcome } from '../lib/simulation/conformance/run';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run conformance -- <vectors.json> [more.json ...]');
  process.exit(2);
}
const outcomes: VectorOutcome[] = files.flatMap((f) => runVectors(JSON.parse(fs.readFileSync(f, 'utf-8'))));
const text = report(outcomes);
console.log(text);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
