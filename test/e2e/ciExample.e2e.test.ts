import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { z } from "zod";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2eStack, type PreviewStep } from "../../scripts/lib/E2eStack";

/**
 * examples/ci as a user copies it: the workflows say what docs/ci.md says, the pull-request preview of the program
 * succeeds with no credentials and no endpoint, and the emulator job's script deploys the program as written.
 */

const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "ci");
const PROJECT = "volcengine-live-ci";

const step = z.object({
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});
const githubWorkflow = z.object({
  on: z.object({
    pull_request: z.object({ branches: z.array(z.string()) }),
    push: z.object({ branches: z.array(z.string()) }),
  }),
  jobs: z.record(
    z.string(),
    z.object({
      if: z.string().optional(),
      env: z.record(z.string(), z.string()).optional(),
      permissions: z.record(z.string(), z.string()).optional(),
      environment: z.string().optional(),
      steps: z.array(step),
    }),
  ),
});
const gitlabJob = z.object({
  rules: z.array(z.object({ if: z.string() })).optional(),
  script: z.array(z.string()),
  variables: z.record(z.string(), z.string()).optional(),
});

function readYaml(relative: string): unknown {
  return load(fs.readFileSync(path.join(EXAMPLE, relative), "utf8"));
}

const github = githubWorkflow.parse(readYaml("github/pulumi.yml"));
const gitlab = readYaml("gitlab/.gitlab-ci.yml") as Record<string, unknown>;
const gitlabJobs = {
  emulator: gitlabJob.parse(gitlab.emulator),
  preview: gitlabJob.parse(gitlab.preview),
  up: gitlabJob.parse(gitlab.up),
};

/** The one step of a GitHub job that uses pulumi/actions with a command. */
function pulumiAction(job: string): Record<string, unknown> | undefined {
  return github.jobs[job]?.steps.find((candidate) => candidate.uses?.startsWith("pulumi/actions@") && candidate.with)
    ?.with;
}

/** The emulator job's script: the GitHub step that starts the emulator. */
function githubEmulatorScript(): string {
  const script = github.jobs.emulator?.steps.find((candidate) => candidate.run?.includes("volc-live-emulator"))?.run;
  if (script === undefined) throw new Error("the GitHub emulator job has no step that starts the emulator");
  return script;
}

describe("the GitHub Actions workflow", () => {
  it("previews on pull requests with the diff as a comment, and runs up on pushes to main only", () => {
    expect(github.on.pull_request.branches).toEqual(["main"]);
    expect(github.on.push.branches).toEqual(["main"]);
    expect(github.jobs.preview?.if).toBe("github.event_name == 'pull_request'");
    expect(pulumiAction("preview")).toMatchObject({ command: "preview", "comment-on-pr": true });
    expect(github.jobs.up?.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(pulumiAction("up")).toMatchObject({ command: "up" });
  });

  it("gives Volcengine credentials to the up job alone", () => {
    const withCredentials = Object.entries(github.jobs)
      .filter(([, job]) => JSON.stringify(job).includes("secrets.VOLCENGINE_SECRET_KEY"))
      .map(([name]) => name);
    expect(withCredentials).toEqual(["up"]);
  });
});

describe("the GitLab CI pipeline", () => {
  it("previews on merge requests and runs up on the default branch only", () => {
    expect(gitlabJobs.preview.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(gitlabJobs.preview.script.join("\n")).toMatch(/pulumi preview --stack "\$STACK"/);
    expect(gitlabJobs.up.rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }]);
    expect(gitlabJobs.up.script.join("\n")).toMatch(/pulumi up --yes --stack "\$STACK"/);
  });

  it("runs the same emulator script as the GitHub workflow, in a local backend", () => {
    expect(gitlabJobs.emulator.script.slice(1).join("\n").trimEnd()).toBe(githubEmulatorScript().trimEnd());
    expect(gitlabJobs.emulator.variables?.PULUMI_BACKEND_URL).toMatch(/^file:\/\//);
    expect(github.jobs.emulator?.env?.PULUMI_BACKEND_URL).toMatch(/^file:\/\//);
  });
});

describe("the example program", () => {
  let emulator: RunningEmulator;
  let stack: E2eStack | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(() => stack?.dispose());
  afterAll(() => emulator.stop());

  /** A stack of the example's own project (its config keys name it), with the example's files. */
  async function exampleStack(name: string, stackConfig: string): Promise<E2eStack> {
    const created = await E2eStack.create(name, emulator, { credentialsInEnvironment: false });
    for (const file of ["Pulumi.yaml", "index.ts", "Pulumi.emulator.yaml"]) {
      fs.copyFileSync(path.join(EXAMPLE, file), path.join(created.directory, file));
    }
    fs.copyFileSync(path.join(EXAMPLE, stackConfig), path.join(created.directory, `Pulumi.${created.stackName}.yaml`));
    await created.expectSuccess(["stack", "init"]);
    return created;
  }

  it("previews the production stack's creates with no credentials and no endpoint in the environment", async () => {
    stack = await exampleStack("ci-preview", "Pulumi.production.yaml");
    stack.setEnvironment({ VOLCENGINE_LIVE_ENDPOINT: undefined });
    const result = await stack.expectSuccess(["preview", "--json"]);
    const steps = (JSON.parse(result.stdout) as { steps: PreviewStep[] }).steps;
    expect(steps.map(({ op, urn }) => `${op} ${urn.split("::").slice(2).join("::")}`).sort()).toEqual([
      "create pulumi-nodejs:dynamic/volcengine-live:FixedRelayV4::lobby",
      "create pulumi-nodejs:dynamic/volcengine-live:LiveCallback::push-hook",
      "create pulumi-nodejs:dynamic/volcengine-live:RelayGroupV3::origins",
      `create pulumi:pulumi:Stack::${PROJECT}-${stack.stackName}`,
    ]);
    expect(emulator.requests().requests).toEqual([]);
  });

  it("deploys to the emulator the job starts and destroys, as the job's script is written", async () => {
    stack = await exampleStack("ci-emulator", "Pulumi.production.yaml");
    const backend = `${stack.directory}/.pulumi-emulator`;
    stack.setEnvironment({ PULUMI_BACKEND_URL: `file://${backend}` });
    const result = await stack.shell(githubEmulatorScript());
    expect({ code: result.code, output: result.code === 0 ? "" : result.output.slice(-4000) }).toEqual({
      code: 0,
      output: "",
    });
    expect(result.output).toMatch(/FixedRelayV4 lobby created/);
    expect(result.output).toMatch(/LiveCallback push-hook deleted/);
    // The stack's own environment named this process's emulator; the script used the one it started.
    expect(emulator.requests().requests).toEqual([]);
  });
});
