// Validate an AsyncAPI document with @asyncapi/parser (its schema and Spectral rules).
//
// Usage: node validate_asyncapi.cjs FILE
// Prints one JSON line: {"errors": [...], "warnings": N, "channels": [...], "operations": N}.
// Exits 1 when the parser reports any diagnostic of severity error (or gives no document),
// 2 on a usage error, 0 otherwise. CommonJS, so that NODE_PATH finds the package.
'use strict';

const fs = require('fs');
const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');

async function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node validate_asyncapi.cjs FILE');
    return 2;
  }
  const text = fs.readFileSync(argv[0], 'utf8');
  const { document, diagnostics } = await new Parser().parse(text);
  const errors = diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => ({ code: String(d.code), path: d.path.join('/'), message: d.message }));
  const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);
  const report = {
    errors,
    warnings: warnings.length,
    warningMessages: warnings.map((d) => `${d.path.join('/')}: ${d.message}`),
    channels: document ? document.channels().all().map((c) => c.id()).sort() : [],
    operations: document ? document.operations().all().length : 0,
    replies: document
      ? document.operations().all().filter((o) => o.reply() !== undefined).map((o) => o.id())
      : [],
  };
  console.log(JSON.stringify(report));
  return errors.length > 0 || !document ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 1;
  },
);
