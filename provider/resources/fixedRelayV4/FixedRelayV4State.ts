import type * as pulumi from "@pulumi/pulumi";

/**
 * What `FixedRelayV4.get` may be given besides the ID. The ID (`domain:app:stream`) alone names the relay and every
 * output but `taskId` is read from the service, so all of this is optional: key fields given here must agree with
 * the ID, and the other settings are read, never taken from here.
 */
export interface FixedRelayV4State {
  /** The play (pull) domain; when given, it must be the ID's. */
  readonly domain?: pulumi.Input<string>;
  /** The App; when given, it must be the ID's. */
  readonly app?: pulumi.Input<string>;
  /** The Stream; when given, it must be the ID's. */
  readonly stream?: pulumi.Input<string>;
  /** The source URLs, tried in order. The output is what the service lists. */
  readonly sourceUrls?: pulumi.Input<pulumi.Input<string>[]>;
  /** Start of a scheduled relay, Unix seconds. The output is what the service lists (none for a permanent relay). */
  readonly startTime?: pulumi.Input<number>;
  /** End of a scheduled relay, Unix seconds. The output is what the service lists (none for a permanent relay). */
  readonly endTime?: pulumi.Input<number>;
  /**
   * The TaskId CreateRelaySourceV4 returned when the relay was made. The service never lists it: the value given
   * here becomes the output, which is empty without it.
   */
  readonly taskId?: pulumi.Input<string>;
  /** Whether a create took over an existing relay. The output is false: get never creates or takes over. */
  readonly adopt?: pulumi.Input<boolean>;
}
