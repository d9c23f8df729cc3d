import * as path from 'path';
import { environmentJsonSchema, layerJsonSchema } from './schema';

/**
 * The JSON Schemas `npm run schema` writes into config/ (editors validate environment files with
 * them; a test fails when either is stale): a whole environment, and a layer (a file that extends a
 * base, or a base: every field optional, plus `extends`).
 */
export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'config', 'environment.schema.json');
export const LAYER_SCHEMA_FILE = path.join(__dirname, '..', '..', 'config', 'layer.schema.json');
export const renderSchema = () => `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
export const renderLayerSchema = () => `${JSON.stringify(layerJsonSchema(), null, 2)}\n`;
