// A writer process for the kill tests: `node <bundle of this file> <out> <files.json> <step>`
// writes the files (a JSON array of {path, content}) into <out> through the synth's writer and
// SIGKILLs itself at <step>, as main.ts does under LUNEO_AUTOSCALING_KILL_AT (no cleanup runs).
// The same writer run (lock, recover, check, replace, unlock) as a synth, without loading and
// synthesizing the config first: the tests that kill at every step boundary start it many times.
import * as fs from 'fs';
import { writeDist } from '../lib/output/dist-writer';

const [out, filesJson, killAt] = process.argv.slice(2);
writeDist(out, JSON.parse(fs.readFileSync(filesJson, 'utf-8')), {
  onStep: (step) => { if (step === killAt) process.kill(process.pid, 'SIGKILL'); },
});
