// Checks what Renovate finds in this repository against the two rules renovate.json exists for
// (docs/adr/0134), from the JSON log of `renovate --platform=local --dry-run=extract`:
//   1. every pin of versions.env annotated "# renovate: datasource=... depName=..." is extracted,
//      with the value the file holds (the regex manager matches it);
//   2. every container image in deploy/ (Kubernetes manifests, compose) is either one Renovate
//      moves together with versions.env (its depName is an annotated pin's), or one renovate.json
//      turns off entirely: Debian-stable components (ADR 0090) and Day2's own images. An image
//      Renovate would move alone would open pull requests that VersionsTest fails, or move a
//      component off Debian's release;
//   3. the Helm charts of infra/aws/cdk.json are extracted for dev only;
//   4. every CDK CLI command the Markdown docs quote (npx aws-cdk at a release) is extracted (it
//      moves with CDK_CLI, which VersionsTest requires). The patterns spell "@" as [@] so that
//      VersionsTest, which reads every "aws-cdk" + "@" as a command, does not take them for one.
// Usage: node scripts/renovate-check.mjs <repo root> <extract log (JSON lines)>
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [root, logFile] = process.argv.slice(2);
const problems = [];

const extracted = readFileSync(logFile, "utf8")
  .split("\n")
  .filter((l) => l.startsWith("{"))
  .map((l) => JSON.parse(l))
  .find((e) => e.msg === "Extracted dependencies")?.packageFiles;
if (!extracted) {
  console.error(`renovate-check: no "Extracted dependencies" in ${logFile}: did Renovate run?`);
  process.exit(1);
}
const deps = Object.entries(extracted).flatMap(([manager, files]) =>
  files.flatMap((f) => (f.deps ?? []).map((d) => ({ ...d, manager, file: f.packageFile }))),
);

// versions.env: "# renovate: ..." on the line before KEY=value.
const annotated = [];
const envLines = readFileSync(join(root, "versions.env"), "utf8").split("\n");
envLines.forEach((line, i) => {
  const m = /^# renovate: datasource=(\S+) depName=(\S+)/.exec(line);
  if (!m) return;
  const pin = /^([A-Z0-9_]+)=(\S+)$/.exec(envLines[i + 1] ?? "");
  if (!pin) problems.push(`versions.env:${i + 1}: a "# renovate:" line not followed by KEY=value`);
  else annotated.push({ key: pin[1], value: pin[2], datasource: m[1], depName: m[2] });
});
for (const pin of annotated) {
  const found = deps.find((d) => d.file === "versions.env" && d.depName === pin.depName);
  if (!found) problems.push(`versions.env: ${pin.key} (${pin.depName}) is annotated but Renovate does not extract it`);
  else if (found.currentValue !== pin.value)
    problems.push(`versions.env: ${pin.key} extracted as ${found.currentValue}, the file says ${pin.value}`);
}

// renovate.json: the rules that turn a dependency off whatever the update.
const config = JSON.parse(readFileSync(join(root, "renovate.json"), "utf8"));
const offRules = (config.packageRules ?? []).filter((r) => r.enabled === false && !r.matchUpdateTypes);
const matches = (pattern, name) =>
  pattern.startsWith("/") && pattern.endsWith("/") ? new RegExp(pattern.slice(1, -1)).test(name) : pattern === name;
const turnedOff = (name) => offRules.some((r) => (r.matchDepNames ?? []).some((p) => matches(p, name)));
const movedWithVersionsEnv = new Set(annotated.map((p) => p.depName));

for (const name of movedWithVersionsEnv) {
  if (turnedOff(name)) problems.push(`renovate.json turns off ${name}, which versions.env asks Renovate to move`);
}
for (const d of deps) {
  if (d.datasource !== "docker" || !d.file.startsWith("deploy/") || !d.depName) continue;
  if (movedWithVersionsEnv.has(d.depName) || turnedOff(d.depName)) continue;
  problems.push(
    `${d.file}: image ${d.depName}:${d.currentValue} is neither a versions.env pin with a "# renovate:" line ` +
      `nor turned off in renovate.json: Renovate would move it alone`,
  );
}

// The CDK CLI commands the docs quote move with versions.env's CDK_CLI (VersionsTest asserts it).
const cdkInDocs = execFileSync("git", ["grep", "-c", "-E", "aws-cdk[@][0-9]+\\.[0-9]+\\.[0-9]+", "--", "*.md"], {
  cwd: root,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .map((l) => l.split(":"))
  .map(([file, n]) => ({ file, n: Number(n) }));
for (const { file, n } of cdkInDocs) {
  const found = deps.filter((d) => d.file === file && d.depName === "aws-cdk").length;
  if (found !== n) problems.push(`${file}: ${n} CDK CLI commands, Renovate extracts ${found}`);
}

// The Helm charts of infra/aws/cdk.json: dev's only (staging and prod follow after the soak).
const envs = JSON.parse(readFileSync(join(root, "infra/aws/cdk.json"), "utf8")).context["day2:environments"];
const charts = deps.filter((d) => d.file === "infra/aws/cdk.json");
for (const [chart, version] of Object.entries(envs.dev.helmCharts)) {
  const found = charts.filter((d) => d.depName === chart);
  if (found.length !== 1 || found[0].currentValue !== version)
    problems.push(
      `infra/aws/cdk.json: dev's ${chart} chart ${version} extracted ${found.length} times ` +
        `(${found.map((d) => d.currentValue).join(", ")}); expected once, dev's only`,
    );
}
if (charts.length !== Object.keys(envs.dev.helmCharts).length)
  problems.push(`infra/aws/cdk.json: ${charts.length} charts extracted, expected dev's only`);

if (problems.length) {
  console.error(problems.map((p) => `renovate-check: ${p}`).join("\n"));
  process.exit(1);
}
const images = new Set(deps.filter((d) => d.datasource === "docker" && d.file.startsWith("deploy/")).map((d) => d.depName));
console.log(
  `renovate-check: ${deps.length} dependencies in ${new Set(deps.map((d) => d.file)).size} files; ` +
    `${annotated.length} versions.env pins extracted; ${images.size} images in deploy/ all classified`,
);
