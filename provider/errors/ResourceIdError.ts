import { VolcLiveError } from "./VolcLiveError";

/** An ID given to `get` names no key of its kind: not of the kind's form, a part breaking its rule, or a state disagreeing. */
export class ResourceIdError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_INVALID_ID";
  readonly resourceId: string;

  /** `problem` completes `<kind> ID "<id>" …`, e.g. `is not of the form domain:app:stream`. */
  constructor(kind: string, resourceId: string, problem: string) {
    super(`${kind} ID ${JSON.stringify(resourceId)} ${problem}`);
    this.name = "ResourceIdError";
    this.resourceId = resourceId;
  }
}
