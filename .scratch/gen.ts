import * as fs from 'fs';
import { loadEnvironmentFile } from '../lib/config/load';
import { largeConfigDir } from '../bench/large-config';
const env = loadEnvironmentFile('config/production.yaml').env;
const dir = process.argv[2];
fs.mkdirSync(dir + '/config', { recursive: true });
for (const [n, t] of Object.entries(largeConfigDir(env as any, 500))) fs.writeFileSync(`${dir}/config/${n}`, t);
