// Regenerates docs/compatibility.md from the handler table (npm run compat-table).
import { writeFileSync } from 'node:fs';
import { renderCompatibilityTable } from '../src/operations/compatibility-table.ts';
import { handlerTable } from '../src/operations/handler-table.ts';
import { loadServiceModels } from '../src/spec/load-models.ts';

writeFileSync(new URL('../docs/compatibility.md', import.meta.url), renderCompatibilityTable(loadServiceModels(), handlerTable));
console.log('docs/compatibility.md written');
