import { ConfigurationError } from "../errors/ConfigurationError";
import type { Credentials, CredentialsProvider } from "./Credentials";
import { ENV_ACCESS_KEY, ENV_SECRET_KEY, ENV_SESSION_TOKEN } from "./environment";

/**
 * Explicit credentials (or a provider of them) win; otherwise the environment is read now, not at import time,
 * so nothing is cached in module state and rotated keys are picked up.
 */
export async function resolveCredentials(
  explicit: Credentials | CredentialsProvider | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Credentials> {
  const provided = typeof explicit === "function" ? await explicit() : explicit;
  if (explicit !== undefined && (typeof provided !== "object" || provided === null)) {
    throw new ConfigurationError("the credentials option must be (or return) { accessKeyId, secretAccessKey }");
  }
  const candidate =
    provided ??
    ({
      accessKeyId: env[ENV_ACCESS_KEY] ?? "",
      secretAccessKey: env[ENV_SECRET_KEY] ?? "",
      sessionToken: env[ENV_SESSION_TOKEN],
    } satisfies Credentials);
  const missing: string[] = [];
  if (typeof candidate.accessKeyId !== "string" || !candidate.accessKeyId.trim()) {
    missing.push(explicit === undefined ? ENV_ACCESS_KEY : "accessKeyId");
  }
  if (typeof candidate.secretAccessKey !== "string" || !candidate.secretAccessKey.trim()) {
    missing.push(explicit === undefined ? ENV_SECRET_KEY : "secretAccessKey");
  }
  if (missing.length > 0) {
    throw new ConfigurationError(
      `Volcengine credentials are missing (${missing.join(", ")}): set ${ENV_ACCESS_KEY} and ${ENV_SECRET_KEY} ` +
        `(and ${ENV_SESSION_TOKEN} for temporary credentials), or the volcengine:accessKey and volcengine:secretKey ` +
        "stack config, or pass credentials to the client",
    );
  }
  const sessionToken =
    typeof candidate.sessionToken === "string" && candidate.sessionToken.trim()
      ? candidate.sessionToken.trim()
      : undefined;
  return {
    accessKeyId: candidate.accessKeyId.trim(),
    secretAccessKey: candidate.secretAccessKey.trim(),
    ...(sessionToken === undefined ? {} : { sessionToken }),
  };
}
