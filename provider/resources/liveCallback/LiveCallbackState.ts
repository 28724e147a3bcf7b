import type * as pulumi from "@pulumi/pulumi";
import type { CallbackMessageType } from "../../api/CallbackMessageType";
import type { CallbackTargetArgs } from "./CallbackTarget";

/**
 * What `LiveCallback.get` may be given besides the ID. The ID (`vhost:<vhost>:<app>:<messageType>` or
 * `domain:<domain>::<messageType>`) alone names the configuration and every output is read from the service, so all
 * of this is optional: key fields given here must agree with the ID, and only `authKey` is ever taken from here.
 */
export interface LiveCallbackState {
  /** The push domain space, for a configuration keyed by Vhost; when given, it must be the ID's. */
  readonly vhost?: pulumi.Input<string>;
  /** The push domain, for a configuration keyed by Domain; when given, it must be the ID's. */
  readonly domain?: pulumi.Input<string>;
  /** The App, empty for the vhost-level configuration and with domain; when given, it must be the ID's. */
  readonly app?: pulumi.Input<string>;
  /** The event reported; when given, it must be the ID's. */
  readonly messageType?: pulumi.Input<CallbackMessageType>;
  /** The http(s) URLs called. The output is what the service describes. */
  readonly callbacks?: pulumi.Input<pulumi.Input<CallbackTargetArgs>[]>;
  /** Whether transcoded streams are reported too. The output is what the service describes. */
  readonly transcodeCallback?: pulumi.Input<boolean>;
  /** Whether callbacks are signed with the key. The output is what the service describes. */
  readonly authEnabled?: pulumi.Input<boolean>;
  /**
   * The signing key. The output is the key the service returns; where the service masks it, the value given here
   * (none without it). A secret in state and in outputs, like the resource's own.
   */
  readonly authKey?: pulumi.Input<string>;
  /** Whether a create took over an existing configuration. The output is false: get never creates or takes over. */
  readonly adopt?: pulumi.Input<boolean>;
}
