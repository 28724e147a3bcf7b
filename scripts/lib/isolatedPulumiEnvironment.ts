import * as path from "node:path";

export interface IsolatedPulumiEnvironmentOptions {
  /** From providePulumiCli(): put first on PATH so the engine finds its plugins there. */
  readonly binDir: string;
  /** A temp directory: PULUMI_HOME (plugins, credentials, workspaces) and the file backend live under it. */
  readonly root: string;
  readonly passphrase: string;
  /** Added last, e.g. VOLCENGINE_LIVE_ENDPOINT and credentials. */
  readonly extra?: Record<string, string>;
}

/**
 * An environment for the Pulumi CLI that touches nothing of the user's own setup and needs no network: a temp
 * PULUMI_HOME, a local file backend, the passphrase secrets provider, no update check and no plugin downloads.
 * Ambient PULUMI_* and VOLCENGINE_* variables are dropped, so a user's tokens, backend or credentials never leak
 * into a local run.
 */
export function isolatedPulumiEnvironment(options: IsolatedPulumiEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("PULUMI_") && !key.startsWith("VOLCENGINE_")) env[key] = value;
  }
  return {
    ...env,
    PATH: [options.binDir, path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: path.join(options.root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(options.root, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
    ...options.extra,
  };
}
