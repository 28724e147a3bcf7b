import { VolcLiveError } from "./VolcLiveError";

/**
 * `get` named a configuration that Volcengine Live does not hold. A lookup never creates one, and an empty result
 * would be recorded as a resource with no outputs, so the deployment stops here.
 */
export class ConfigurationNotFoundError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_NOT_FOUND";
  readonly resourceId: string;

  constructor(kind: string, resourceId: string) {
    super(
      `${kind} ${resourceId} does not exist in Volcengine Live, so ${kind}.get has nothing to read (get only reads ` +
        "an existing configuration, it never creates one). Check the ID, and that the stack's credentials and " +
        "endpoint reach the account that holds it.",
    );
    this.name = "ConfigurationNotFoundError";
    this.resourceId = resourceId;
  }
}
