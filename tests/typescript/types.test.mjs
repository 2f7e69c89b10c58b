// Type tests of the generated api (examples/web/convex/_generated), with the TypeScript compiler:
// - the generated files and every call in valid/ compile, and valid/ calls every public function;
// - each file in wrong/ fails to compile, with the error its marker names, on the marked line and nowhere else.
// One program holds both, so the compiler runs once. Run by ./scripts/test ("TypeScript types").
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = dirname(fileURLToPath(import.meta.url));
const generated = join(root, "..", "..", "examples", "web", "convex", "_generated");
const wrongDir = join(root, "wrong");

const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
});
const wrongCases = readdirSync(wrongDir).filter((f) => /\.tsx?$/.test(f) && f !== "client.ts").sort();
const program = ts.createProgram({
  rootNames: [...config.fileNames, ...readdirSync(wrongDir).filter((f) => /\.tsx?$/.test(f)).map((f) => join(wrongDir, f))],
  options: config.options,
});
const format = (diagnostics) => ts.formatDiagnostics(diagnostics, {
  getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n",
});
const diagnosticsOf = (file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
const isWrongCase = (file) => file.fileName.startsWith(wrongDir + "/") && !file.fileName.endsWith("/client.ts");

test("the generated api and every valid call type-check", () => {
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles().filter((f) => !isWrongCase(f)).flatMap(diagnosticsOf),
  ];
  assert.equal(diagnostics.length, 0, format(diagnostics));
});

test("valid/ calls every public function of the generated api", () => {
  const checker = program.getTypeChecker();
  const apiFile = program.getSourceFile(join(generated, "api.d.ts"));
  assert.ok(apiFile, `${generated}/api.d.ts is not in the program`);
  const api = checker.getExportsOfModule(checker.getSymbolAtLocation(apiFile)).find((s) => s.name === "api");
  const functions = [];
  const walk = (type, path) => {
    for (const property of type.getProperties()) {
      const member = checker.getTypeOfSymbolAtLocation(property, apiFile);
      const here = [...path, property.name];
      if (member.getProperty("_type")) functions.push(here.join("."));
      else walk(member, here);
    }
  };
  walk(checker.getTypeOfSymbolAtLocation(api, apiFile), []);
  assert.ok(functions.length > 100, `only ${functions.length} functions found in api.d.ts`);

  const calls = config.fileNames.filter((f) => !f.startsWith(generated)).map((f) => readFileSync(f, "utf8")).join("\n");
  const missing = functions.filter((path) => !new RegExp(`\\bapi\\.${path.replaceAll(".", "\\.")}\\b`).test(calls));
  assert.deepEqual(missing, [], `valid/ never calls ${missing.length} public function(s)`);
});

for (const name of wrongCases) {
  test(`does not compile: wrong/${name}`, () => {
    const file = program.getSourceFile(join(wrongDir, name));
    const markers = file.text.split("\n").flatMap((text, line) => {
      const match = /\/\/ error (TS\d+)\s*$/.exec(text);
      return match ? [{ line, code: Number(match[1].slice(2)) }] : [];
    });
    assert.equal(markers.length, 1, "a wrong case marks exactly one line with `// error TSnnnn`");
    const [{ line, code }] = markers;
    const diagnostics = diagnosticsOf(file);
    assert.ok(diagnostics.length > 0, `wrong/${name} compiled without an error`);
    for (const d of diagnostics) {
      assert.equal(file.getLineAndCharacterOfPosition(d.start).line, line, `an error off the marked line:\n${format([d])}`);
    }
    assert.ok(diagnostics.some((d) => d.code === code), `expected TS${code}, got:\n${format(diagnostics)}`);
  });
}
