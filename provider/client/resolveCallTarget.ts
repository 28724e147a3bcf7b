import type { Credentials } from "./Credentials";
import { DEFAULT_REGION, ENV_REGION } from "./environment";
import type { LiveClientOptions } from "./LiveClientOptions";
import { resolveCredentials } from "./resolveCredentials";
import { type ResolvedEndpoint, resolveEndpoint } from "./resolveEndpoint";

/** Where one call goes and as whom. */
export interface CallTarget {
  readonly endpoint: ResolvedEndpoint;
  readonly region: string;
  readonly credentials: Credentials;
}

/**
 * Options win over the environment, which is read at every call (not when the client is made), so rotated keys
 * and a changed region apply without a restart.
 */
export async function resolveCallTarget(options: LiveClientOptions): Promise<CallTarget> {
  const env = options.env ?? process.env;
  const endpoint = resolveEndpoint(options.endpoint, env, options.endpointName);
  const credentials = await resolveCredentials(options.credentials, env);
  const region = options.region?.trim() || env[ENV_REGION]?.trim() || DEFAULT_REGION;
  return { endpoint, region, credentials };
}
