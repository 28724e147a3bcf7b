import { ConfigurationError } from "../errors/ConfigurationError";
import type { Credentials, CredentialsProvider } from "./Credentials";
import {
  CONFIG_ACCESS_KEY,
  CONFIG_SECRET_KEY,
  CONFIG_SESSION_TOKEN,
  ENV_ACCESS_KEY,
  ENV_SECRET_KEY,
  ENV_SESSION_TOKEN,
} from "./environment";

/** Credential values a configuration sets (a stack's config); each one it leaves unset is read from the environment. */
export type ConfiguredCredentials = { readonly [Field in keyof Credentials]?: string | undefined };

type CandidateCredentials = { readonly [Field in keyof Credentials]?: unknown };

/** Explicit credentials (or a provider of them) win whole; without them, the environment decides. */
export async function resolveCredentials(
  explicit: Credentials | CredentialsProvider | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Credentials> {
  if (explicit === undefined) {
    return credentialsFromConfiguration({}, env);
  }
  const provided: unknown = typeof explicit === "function" ? await explicit() : explicit;
  if (typeof provided !== "object" || provided === null) {
    throw new ConfigurationError("the credentials option must be (or return) { accessKeyId, secretAccessKey }");
  }
  return completeCredentials(provided, { accessKeyId: "accessKeyId", secretAccessKey: "secretAccessKey" });
}

/**
 * Where configuration meets the environment: a configured value wins field by field, as in the Volcengine Pulumi and
 * Terraform providers. The environment is read now, not at import time, so nothing is cached in module state and
 * rotated keys are picked up.
 */
export function credentialsFromConfiguration(
  configured: ConfiguredCredentials,
  env: NodeJS.ProcessEnv = process.env,
): Credentials {
  return completeCredentials(
    {
      accessKeyId: configured.accessKeyId || env[ENV_ACCESS_KEY],
      secretAccessKey: configured.secretAccessKey || env[ENV_SECRET_KEY],
      sessionToken: configured.sessionToken || env[ENV_SESSION_TOKEN],
    },
    { accessKeyId: "access key", secretAccessKey: "secret key" },
  );
}

/** Trims the values; a blank session token is no token. `names` say how the missing message names each field. */
function completeCredentials(
  candidate: CandidateCredentials,
  names: { readonly accessKeyId: string; readonly secretAccessKey: string },
): Credentials {
  const accessKeyId = nonBlank(candidate.accessKeyId);
  const secretAccessKey = nonBlank(candidate.secretAccessKey);
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const missing = [
      ...(accessKeyId === undefined ? [names.accessKeyId] : []),
      ...(secretAccessKey === undefined ? [names.secretAccessKey] : []),
    ];
    throw missingCredentialsError(missing);
  }
  const sessionToken = nonBlank(candidate.sessionToken);
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Names every place credentials can come from, and never a value. */
function missingCredentialsError(missing: readonly string[]): ConfigurationError {
  return new ConfigurationError(
    `Volcengine credentials are missing (${missing.join(", ")}): set ${ENV_ACCESS_KEY} and ${ENV_SECRET_KEY} ` +
      `(and ${ENV_SESSION_TOKEN} for temporary credentials), or for a Pulumi stack run ` +
      `\`pulumi config set ${CONFIG_ACCESS_KEY} <key>\` and \`pulumi config set --secret ${CONFIG_SECRET_KEY} <secret>\` ` +
      `(and \`pulumi config set --secret ${CONFIG_SESSION_TOKEN} <token>\`)`,
  );
}
