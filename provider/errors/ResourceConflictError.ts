import { VolcLiveError } from "./VolcLiveError";

/**
 * A configuration already exists at the key a resource would create. The V3 and callback APIs would silently
 * overwrite it and V4 would refuse it, so nothing is sent: the user decides, with `adopt: true`, to take it over.
 */
export class ResourceConflictError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_ALREADY_EXISTS";
  readonly resourceId: string;

  constructor(kind: string, resourceId: string) {
    super(
      `${kind} ${resourceId} already exists in Volcengine Live and is not managed by this stack. ` +
        "Set `adopt: true` on the resource to take it over (its settings will be replaced by the declared ones), " +
        "or choose another key.",
    );
    this.name = "ResourceConflictError";
    this.resourceId = resourceId;
  }
}
