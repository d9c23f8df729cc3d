// The snippet of README "The constructs as a library", verbatim but for the import path
// (`luneo-autoscaling` there): `npm run check` type-checks it, __tests__/readme.test.ts runs it.
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { loadEnvironmentFile, LuneoAutoscaling } from '../index';

const app = new App({ outdir: process.argv[2] ?? 'dist' });
const platform = new Chart(app, 'platform', { namespace: 'luneo-production', disableResourceNameHashes: true });
// The platform's Deployments (names, requests and labels as config/production.yaml states them).
const deployment = (name: string, container: kplus.ContainerProps) => {
  const d = new kplus.Deployment(platform, name, {
    metadata: { name }, select: false, containers: [container],
    podMetadata: { labels: { 'app.kubernetes.io/name': name } },
  });
  d.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': name } }));
  return d;
};
deployment('luneo-backend', { name: 'backend', image: 'ghcr.io/luneo/backend:1.42.0', portNumber: 8080,
  resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(512) } } });
const worker = deployment('luneo-worker', { name: 'worker', image: 'ghcr.io/luneo/worker:1.42.0', portNumber: 9090,
  resources: { cpu: { request: kplus.Cpu.units(1) }, memory: { request: Size.gibibytes(2) } } });

// The environment: here the reviewed YAML (any value of its shape works, see below).
const { env } = loadEnvironmentFile('config/production.yaml');
// `deployments: { backend, worker }` would take names, requests and selectors from the Deployments
// instead (examples/platform-app/ does, with an environment that leaves them out).
const autoscaling = new LuneoAutoscaling(app, 'production', { env });
autoscaling.concurrencyPolicy('worker')?.wireInto(worker.containers[0]); // envFrom: configMapRef
app.synth();
