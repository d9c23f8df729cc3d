// npx tsx examples/platform-app/main.ts [outdir]: synthesizes the example app (default
// examples/platform-app/dist, one file per chart). Construct validation fails the synth with the
// same findings the YAML config path reports.
import * as path from 'path';
import { buildPlatformApp } from './app';

const outdir = process.argv[2] ?? path.join(__dirname, 'dist');
buildPlatformApp({ outdir }).app.synth();
console.log(`synthesized the example app into ${outdir}`);
