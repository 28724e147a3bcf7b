import { VolcLiveError } from "./VolcLiveError";

/**
 * A remote change happened but the operation did not finish. Carries `id` and `properties`, which the Pulumi
 * host turns into a "partially created" resource, so the engine records it instead of losing track of it; the next
 * `pulumi up` converges it.
 */
export class PartialFailureError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_PARTIAL_FAILURE";
  readonly id: string;
  declare readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, cause: VolcLiveError) {
    super(`${id} was changed in Volcengine Live but the operation did not complete: ${cause.message}`, { cause });
    this.name = "PartialFailureError";
    this.id = id;
    // Read by the Pulumi host, but hidden from inspection and logs: it may hold a callback's auth key.
    Object.defineProperty(this, "properties", { value: properties, enumerable: false });
    this.reasons = [cause.message];
  }
}
