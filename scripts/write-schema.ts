// Writes config/environment.schema.json (a whole environment) and config/layer.schema.json (a file
// that extends a base, or a base: every field optional, plus `extends`) from the zod schema
// (npm run schema); a test fails when either is stale.
import * as fs from 'fs';
import * as path from 'path';
import { environmentJsonSchema, layerJsonSchema } from '../lib/config/schema';

export const SCHEMA_FILE = path.join(__dirname, '..', 'config', 'environment.schema.json');
export const LAYER_SCHEMA_FILE = path.join(__dirname, '..', 'config', 'layer.schema.json');
export const renderSchema = () => `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
export const renderLayerSchema = () => `${JSON.stringify(layerJsonSchema(), null, 2)}\n`;

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderSchema());
  fs.writeFileSync(LAYER_SCHEMA_FILE, renderLayerSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} and ${path.relative(process.cwd(), LAYER_SCHEMA_FILE)}`);
}
