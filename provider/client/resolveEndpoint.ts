import { isIP } from "node:net";
import { ConfigurationError } from "../errors/ConfigurationError";
import { DEFAULT_ENDPOINT, ENV_ENDPOINT, ENV_LIVE_ENDPOINT } from "./environment";

export interface ResolvedEndpoint {
  /** `scheme://host[:port]`, no trailing slash. */
  readonly origin: string;
  /** The Host header value (no default port). */
  readonly host: string;
}

/**
 * The endpoint comes from the option, then `VOLCENGINE_LIVE_ENDPOINT`, then `VOLCENGINE_ENDPOINT` (the official
 * providers' variable), then the public default: a stack can point Live at the emulator while the official providers
 * keep their endpoint. An empty or blank value counts as unset. Plain `http://`
 * is refused unless the host is loopback: credentials-bearing requests must not cross a network in clear text.
 * Errors name where the endpoint came from: `explicitName` for the option (a caller that fills it from its own
 * setting names that setting), else the variable or the default.
 */
export function resolveEndpoint(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  explicitName = "endpoint option",
): ResolvedEndpoint {
  const variable = [ENV_LIVE_ENDPOINT, ENV_ENDPOINT].find((name) => env[name]?.trim());
  const fromEnv = variable === undefined ? undefined : env[variable]?.trim();
  const raw = explicit?.trim() || fromEnv || DEFAULT_ENDPOINT;
  const source = explicit?.trim() ? explicitName : (variable ?? "default endpoint");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The text itself is not repeated: a mistyped endpoint may hold anything, a key included.
    throw new ConfigurationError(`${source} is not a valid URL (expected e.g. ${DEFAULT_ENDPOINT})`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(`${source} must not carry user information (user:password@)`);
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`${source} must use https:// (got ${url.protocol})`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `${source} uses plain http:// for the non-loopback host ${url.hostname}: only https:// is allowed except for ` +
        "127.0.0.0/8, ::1 and localhost",
    );
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    throw new ConfigurationError(`${source} must be an origin such as ${shown}, with no path, query or fragment`);
  }
  return { origin: url.origin, host: url.host };
}

function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  if (bare.toLowerCase() === "localhost") {
    return true;
  }
  if (isIP(bare) === 4) {
    return bare.startsWith("127.");
  }
  if (isIP(bare) === 6) {
    return bare === "::1" || bare === "0:0:0:0:0:0:0:1";
  }
  return false;
}
