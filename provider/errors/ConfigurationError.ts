import { VolcLiveError } from "./VolcLiveError";

/** The client cannot be used as configured (missing credentials, a rejected endpoint): raised before any request. */
export class ConfigurationError extends VolcLiveError {
  override readonly code = "VOLC_LIVE_ERR_CONFIGURATION";

  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}
