import { parse } from 'yaml';
import * as fs from 'fs';
import { loadEnvironmentFile } from '../lib/config/load';
import { modelFromEnvironment } from '../lib/simulation/from-environment';
import { simulate } from '../lib/simulation/simulate';
import { presetTrace, PRESETS } from '../lib/simulation/trace';
const { env } = loadEnvironmentFile('config/production.yaml');
for (const key of ['backend', 'worker']) {
  const model = modelFromEnvironment(env, key);
  const hpa = parse(fs.readFileSync(`dist/production/horizontalpodautoscaler-${env.workloads[key].hpa}.k8s.yaml`, 'utf8')).spec;
  for (const p of PRESETS) {
    const t0 = Date.now();
    const r = simulate({ hpa, model, trace: presetTrace(p, { peak: model.peak, seed: 1 }), seed: 1 });
    console.log(key, p, Date.now() - t0, 'ms', r.timeline.steps.length, r.decisions.length, JSON.stringify({ttc: r.summary.timeToNeededCapacitySeconds, rm: r.summary.replicaMinutes, dc: r.summary.directionChanges, need: r.summary.neededReplicas}));
  }
}
