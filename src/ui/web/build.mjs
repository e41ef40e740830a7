// Builds the embedded assets: ../assets/app.js (one minified bundle) and
// ../assets/app.css (the binary embeds index.html from here). The bundle starts with the
// names, versions and copyright lines of the packages it contains, and the
// MIT license text they share.
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "assets");
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  charset: "utf8",
  target: ["chrome110", "edge110", "firefox115", "safari16"],
};

const js = await build({
  ...common,
  entryPoints: [join(here, "src", "main.js")],
  format: "iife",
  metafile: true,
  write: false,
  outfile: join(out, "app.js"),
});
const bundle = js.outputFiles.find((f) => f.path.endsWith(".js")).text;
writeFileSync(join(out, "app.js"), `${licenseBanner(js.metafile)}\n${bundle}`);

await build({ ...common, entryPoints: [join(here, "src", "app.css")], outfile: join(out, "app.css") });

for (const name of ["app.js", "app.css"]) {
  console.log(`${name.padEnd(10)} ${String(statSync(join(out, name)).size).padStart(8)} bytes`);
}

/** A comment naming every bundled package with its license and copyright. */
function licenseBanner(metafile) {
  const packages = new Map();
  const dirs = [];
  for (const input of Object.keys(metafile.inputs)) {
    const parts = relative(here, join(here, input)).split(sep);
    const at = parts.lastIndexOf("node_modules");
    if (at < 0) continue;
    const nameParts = parts[at + 1].startsWith("@") ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
    dirs.push(join(here, ...parts.slice(0, at + 1), ...nameParts));
  }
  // A package may ship its dependencies inside its own bundle (dagre
  // carries graphlib), so the dependencies of bundled packages count too.
  while (dirs.length > 0) {
    const dir = dirs.pop();
    if (packages.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys(pkg.dependencies || {})) {
      const depDir = join(here, "node_modules", dep);
      if (existsSync(depDir)) dirs.push(depDir);
    }
    const licenseFile = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = licenseFile && existsSync(join(dir, licenseFile)) ? readFileSync(join(dir, licenseFile), "utf8") : "";
    const copyright = (text.match(/^.*copyright.*$/im) || [""])[0].trim();
    packages.set(dir, `${pkg.name} ${pkg.version} (${pkg.license})${copyright ? `: ${copyright}` : ""}`);
  }
  const lines = [...packages.values()].sort();
  const licenses = new Set(lines.map((l) => /\(([^)]*)\)/.exec(l)[1]));
  if ([...licenses].some((l) => l !== "MIT")) {
    throw new Error(`a bundled package has a license other than MIT: ${[...licenses].join(", ")}; review it and the banner`);
  }
  return [
    "/*! wqlkit workbench. This file bundles the following packages:",
    ...lines.map((l) => ` * ${l.replace(/\*\//g, "* /")}`),
    " *",
    " * They are under the MIT license: Permission is hereby granted, free of charge, to any person obtaining a copy",
    " * of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction,",
    " * including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell",
    " * copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following",
    " * conditions: The above copyright notice and this permission notice shall be included in all copies or substantial",
    " * portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,",
    " * INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND",
    " * NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER",
    " * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE",
    " * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.",
    " */",
  ].join("\n");
}
