/** One broken rule as a schema reports it (zod's issues have this shape): a kind, where, and what is wrong. */
export interface SchemaIssue {
  /** The kind of rule, e.g. `invalid_type` for a value of the wrong type. */
  readonly code: string;
  /** From the checked value down to the offending one: property names and list indexes. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
