import { escapeUri } from "../signer/escapeUri";

const REDACTED = "[REDACTED]";

/** Request fields whose values are secrets wherever they appear (callback signing keys). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(["AuthKeyPrimary", "AuthKeySecond"]);

/**
 * Removes known secret values from text before it becomes part of an error or a log line (octokit's RequestError
 * does the same for tokens). Raw, JSON-escaped and URL-encoded spellings are all replaced.
 */
export class Redactor {
  private readonly secrets: readonly string[];
  private readonly needles: string[];

  constructor(secrets: Iterable<string | undefined>) {
    this.secrets = [...secrets].filter((secret): secret is string => secret !== undefined && secret !== "");
    const needles = new Set<string>();
    for (const secret of this.secrets) {
      needles.add(secret);
      needles.add(JSON.stringify(secret).slice(1, -1));
      needles.add(escapeUri(secret));
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** This redactor, also hiding the secret fields of a response body (a server may echo a callback's key). */
  includingSecretsOf(value: unknown): Redactor {
    return new Redactor([...this.secrets, ...collectSecretValues(value)]);
  }

  redact(text: string): string {
    let result = text;
    for (const needle of this.needles) {
      if (result.includes(needle)) {
        result = result.split(needle).join(REDACTED);
      }
    }
    // An Authorization value is never legitimate in a message, whoever signed it.
    return result.replace(
      /HMAC-SHA256 Credential=[^\s"']*(?:,\s*SignedHeaders=[^\s,"']*)?(?:,\s*Signature=[0-9a-f]*)?/g,
      REDACTED,
    );
  }
}

/** Collects the values of secret fields anywhere in a JSON-like value (request or response bodies). */
function collectSecretValues(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) {
      collectSecretValues(item, into);
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_FIELDS.has(key) && typeof item === "string") {
        into.push(item);
      } else {
        collectSecretValues(item, into);
      }
    }
  }
  return into;
}
