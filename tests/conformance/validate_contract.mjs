// Validates the contract (docs/openapi.yaml) against the OpenAPI 3.1 specification's own JSON
// Schema, with every $ref resolved. Prints "valid" or the errors; exit status 0 only when valid.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import YAML from 'yaml';

const file = process.argv[2];
const doc = YAML.parse(readFileSync(file, 'utf8'));
const validator = new Validator();
// The catalog and form documents have JSON Schemas of their own, referenced by relative path.
for (const name of ['catalog.schema.json', 'form.schema.json']) {
  const sub = JSON.parse(readFileSync(path.join(path.dirname(file), 'schemas', name), 'utf8'));
  await validator.addSpecRef(sub, `schemas/${name}`);
}
const res = await validator.validate(doc);
if (!res.valid) {
  console.log(JSON.stringify(res.errors, null, 1).slice(0, 4000));
  process.exit(1);
}
try {
  validator.resolveRefs();  // throws on a $ref that points nowhere
} catch (e) {
  console.log(`unresolved reference: ${e.message}`);
  process.exit(1);
}
console.log(`valid OpenAPI ${validator.version}: ${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components.schemas).length} schemas`);
