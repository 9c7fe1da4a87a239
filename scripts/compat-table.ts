// Regenerates docs/compatibility.md from the handler table (npm run compat-table).
import { writeFileSync } from 'node:fs';
import { renderCompatibilityTable } from '../src/operations/compatibility-table.ts';
import { handlerTable } from '../src/operations/handler-table.ts';
import { queryHandlerTable } from '../src/operations/query-handler-table.ts';
import { loadQueryModels, loadServiceModels } from '../src/spec/load-models.ts';

/** The STS handlers need an authorizer only to run; the table only asks which operations have one. */
function queryHandlerTableForDocs() {
  return queryHandlerTable({ authorizer: undefined as never });
}

writeFileSync(new URL('../docs/compatibility.md', import.meta.url), renderCompatibilityTable(loadServiceModels(), handlerTable, { models: loadQueryModels(), table: queryHandlerTableForDocs() }));
console.log('docs/compatibility.md written');
