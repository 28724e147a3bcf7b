import type { EmulatorCredentials } from "./auth/IAuthenticator";
import type { WorldModes } from "./world/LiveWorld";

/** The development credentials the emulator accepts when none are given. Not a secret: documented, for local use. */
export const DEFAULT_CREDENTIALS: EmulatorCredentials = {
  accessKeyId: "AKLTemulatorDevelopmentKey",
  secretAccessKey: "emulator-development-secret",
};

export interface EmulatorOptions extends Partial<WorldModes> {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** A loopback address; the control API is unauthenticated, so nothing else is allowed. Default 127.0.0.1. */
  readonly host?: string;
  /** Accepted key pairs, one account each. Default: DEFAULT_CREDENTIALS. */
  readonly credentials?: readonly EmulatorCredentials[];
  /** `signature` (default) verifies HMAC-SHA256 like the gateway; `access-key` only checks the key is known. */
  readonly auth?: "signature" | "access-key";
  /** JSON file loaded at start and rewritten atomically after each change. Default: memory only. */
  readonly stateFile?: string;
  /** Seeds fault probabilities and TaskIds. Default 0. */
  readonly seed?: number;
  /** Requests per second per account and action; 0 turns the limit off. Default 10. */
  readonly rateLimit?: number;
  /** Added to every API response. Default 0. */
  readonly latencyMs?: number;
  /** One line per request, e.g. to stderr. Default: silent. */
  readonly log?: (line: string) => void;
  /** The gateway's clock: X-Date checks, the rate limit's refills, timestamps. Default Date.now. */
  readonly now?: () => number;
}
