/**
 * Root of every error this package throws. `code` is stable across releases: match on it, not on message text.
 * Messages are redacted before construction, so `message`, `stack`, `toString()` and `toJSON()` carry no secret.
 */
export class VolcLiveError extends Error {
  readonly code: string = "VOLC_LIVE_ERR";

  constructor(message: string, options?: { cause?: VolcLiveError }) {
    super(message, options);
    this.name = "VolcLiveError";
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
