/** Set by prepareE2eWorkspace.ts (the e2e project's globalSetup) for the test workers. */
export const E2E_ENV = {
  binDir: "VOLC_LIVE_E2E_PULUMI_BIN",
  workspace: "VOLC_LIVE_E2E_WORKSPACE",
} as const;

export interface E2eWorkspace {
  /** `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
  readonly binDir: string;
  /** A project directory with node_modules holding the packed package; stacks under test live below it. */
  readonly directory: string;
  /** The packed package, for tests that install it again. */
  readonly tarball: string;
}

export function e2eWorkspace(): E2eWorkspace {
  const binDir = process.env[E2E_ENV.binDir];
  const directory = process.env[E2E_ENV.workspace];
  if (!binDir || !directory) {
    throw new Error("the end-to-end environment is missing: run these tests through `jest --selectProjects e2e`");
  }
  return { binDir, directory, tarball: `${directory}/pulumi-volcengine-live.tgz` };
}
