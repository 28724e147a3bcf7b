import { VolcLiveError } from "./VolcLiveError";

/**
 * A configuration already exists at the key a resource would take, and nothing in this deployment shows that it is
 * this stack's to take. The V3 and callback APIs would silently overwrite it and V4 would refuse it, so nothing is
 * sent. Also raised, with `replacing`, before a delete-before-replace would delete a configuration whose replacement
 * cannot take its new key.
 */
export class ResourceConflictError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_ALREADY_EXISTS";
  readonly resourceId: string;
  /** The ID of the resource being replaced, when the conflict stopped a delete-before-replace. */
  readonly replacing: string | undefined;

  constructor(kind: string, resourceId: string, options: { replacing?: string } = {}) {
    super(
      options.replacing === undefined
        ? createMessage(kind, resourceId)
        : replaceMessage(kind, resourceId, options.replacing),
    );
    this.name = "ResourceConflictError";
    this.resourceId = resourceId;
    this.replacing = options.replacing;
  }
}

function createMessage(kind: string, id: string): string {
  return (
    `${kind} ${id} already exists in Volcengine Live, and nothing in this deployment shows that this stack manages ` +
    "it, so nothing was changed. " +
    'If you renamed this resource (or gave it a parent), add `aliases: [{ name: "<old name>" }]` to its options: ' +
    "Pulumi then keeps managing the same configuration. " +
    "If this is `pulumi up --replace` of this stack's own resource, add `deleteBeforeReplace: true` to its options: " +
    "the configuration is then handed to the replacement, never deleted. " +
    "Otherwise set `adopt: true` to take it over, its settings replaced by the declared ones — safe only when no " +
    "other stack or tool manages this key (for example, one made in the console, or left behind by an interrupted " +
    "deployment of this stack)."
  );
}

function replaceMessage(kind: string, id: string, replacing: string): string {
  return (
    `${kind} ${replacing} was not deleted: its replacement would take the key ${id}, where a configuration this ` +
    "stack does not manage already exists, so deleting first would lose the old one with nothing in its place. " +
    "Choose a free key, remove that configuration, or set `adopt: true` to take it over; or drop " +
    "`deleteBeforeReplace: true` so the replacement is created before anything is deleted."
  );
}
