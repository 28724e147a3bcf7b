const BRAND = Symbol.for("pulumi-volcengine-live.error");

/**
 * Root of every error this package throws. `code` is stable across releases: match on it, not on message text.
 * Messages are redacted before construction, so `message`, `stack`, `toString()` and `toJSON()` carry no secret.
 */
export class VolcLiveError extends Error {
  readonly code: string = "VOLC_LIVE_ERR";

  constructor(message: string, options?: { cause?: VolcLiveError }) {
    super(message, options);
    this.name = "VolcLiveError";
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Works across duplicate copies of the package in one process (undici's Symbol.for brand). */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null || !(BRAND in value)) {
      return false;
    }
    // Subclasses narrow by name so `x instanceof ApiError` stays precise across copies.
    return this === VolcLiveError || isSubclassInstance(value, this.name);
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "cause" && value !== undefined) {
        json[key] = value;
      }
    }
    if (this.cause instanceof VolcLiveError) {
      json.cause = this.cause.toJSON();
    }
    return json;
  }
}

function isSubclassInstance(value: object, className: string): boolean {
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === className) {
      return true;
    }
  }
  return false;
}
