// Writes config/environment.schema.json from the zod schema (npm run schema); a test fails when stale.
import * as fs from 'fs';
import * as path from 'path';
import { environmentJsonSchema } from '../lib/config/schema';

export const SCHEMA_FILE = path.join(__dirname, '..', 'config', 'environment.schema.json');
export const renderSchema = () => `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, renderSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
