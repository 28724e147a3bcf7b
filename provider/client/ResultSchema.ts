import type { SchemaIssue } from "../validation/SchemaIssue";

/** A successful check: the value, possibly converted. */
export interface ResultAccepted<T> {
  readonly success: true;
  readonly data: T;
}

/** A failed check: every rule the value breaks. */
export interface ResultRefused {
  readonly success: false;
  readonly error: { readonly issues: readonly SchemaIssue[] };
}

/**
 * Checks an action's `Result` and turns it into `T` (`LiveClient.call`'s `result` option). A zod schema is one, as
 * is anything with the same `safeParse`.
 */
export interface ResultSchema<T> {
  safeParse(value: unknown): ResultAccepted<T> | ResultRefused;
}
