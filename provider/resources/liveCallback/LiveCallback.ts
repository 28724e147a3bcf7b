import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import type { CallbackMessageType } from "../../api/CallbackMessageType";
import { RESOURCE_TYPES } from "../resourceTypes";
import type { CallbackTarget, CallbackTargetArgs } from "./CallbackTarget";
import { sentProps } from "../sentProps";
import type { LiveCallbackState } from "./LiveCallbackState";

export type { CallbackMessageType };

/**
 * The arguments of a LiveCallback. The resource's ID is `vhost:<vhost>:<app>:<messageType>` or
 * `domain:<domain>::<messageType>`.
 */
export interface LiveCallbackArgs {
  /**
   * The push domain space (Vhost): 1–60 characters of `A-Za-z0-9_.-`. Set exactly one of vhost and domain (an empty
   * string counts as not set). Changing it replaces the resource.
   */
  readonly vhost?: pulumi.Input<string>;
  /**
   * The push domain. Set exactly one of vhost and domain (an empty string counts as not set). Changing it replaces
   * the resource.
   */
  readonly domain?: pulumi.Input<string>;
  /**
   * The App (1–30 characters of `A-Za-z0-9_.-`), only with vhost; empty is the vhost-level configuration.
   * Default "". Changing it replaces the resource.
   */
  readonly app?: pulumi.Input<string>;
  /**
   * The event reported: `push`, `push_end`, `snapshot`, `record` or `audit_snapshot`. Changing it replaces the
   * resource.
   */
  readonly messageType: pulumi.Input<CallbackMessageType>;
  /** At least one URL to call, in this order. Changing them updates the callback in place. */
  readonly callbacks: pulumi.Input<pulumi.Input<CallbackTargetArgs>[]>;
  /**
   * Also report transcoded streams; only for the `push` and `push_end` message types. Default false. Changing it
   * updates the callback in place.
   */
  readonly transcodeCallback?: pulumi.Input<boolean>;
  /** Sign callbacks with authKey. Default false. Changing it updates the callback in place. */
  readonly authEnabled?: pulumi.Input<boolean>;
  /**
   * The signing key, at most 1024 characters; required when authEnabled is true. Always stored as a secret.
   * Changing it updates the callback in place.
   */
  readonly authKey?: pulumi.Input<string>;
  /**
   * Take over a configuration that already exists at this key instead of failing. Default false. Only read on
   * create: changing it later has no effect.
   */
  readonly adopt?: pulumi.Input<boolean>;
}

/**
 * A stream event callback (回调): Volcengine calls the URLs on push, push end, snapshot, record or audit events.
 * ID `vhost:<vhost>:<app>:<type>` or `domain:<domain>::<type>`. `authKey` is a secret in state and in outputs.
 */
export class LiveCallback extends pulumi.CustomResource {
  /** The push domain space; undefined when the callback is set on a domain. */
  declare readonly vhost: pulumi.Output<string | undefined>;
  /** The push domain; undefined when the callback is set on a vhost. */
  declare readonly domain: pulumi.Output<string | undefined>;
  /** The App; "" for the vhost-level (or domain) configuration. */
  declare readonly app: pulumi.Output<string>;
  /** The event reported. */
  declare readonly messageType: pulumi.Output<CallbackMessageType>;
  /** The URLs called, in order. */
  declare readonly callbacks: pulumi.Output<CallbackTarget[]>;
  /** Whether transcoded streams are reported too. */
  declare readonly transcodeCallback: pulumi.Output<boolean>;
  /** Whether callbacks are signed with authKey. */
  declare readonly authEnabled: pulumi.Output<boolean>;
  /** The signing key, as a secret; undefined when none is set. */
  declare readonly authKey: pulumi.Output<string | undefined>;
  /** Whether the resource was allowed to take over an existing configuration on create. */
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: LiveCallbackArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      // Every own argument, misspelt ones too (JavaScript has no type check), so check names what it does not know.
      ...args,
      vhost: args.vhost,
      domain: args.domain,
      app: args.app ?? "",
      messageType: args.messageType,
      callbacks: args.callbacks,
      transcodeCallback: args.transcodeCallback ?? false,
      authEnabled: args.authEnabled ?? false,
      // Secret as an input too, so state never holds it in plaintext whatever the caller passed.
      authKey: args.authKey === undefined ? undefined : pulumi.secret(args.authKey),
      adopt: args.adopt ?? false,
      __provider: RESOURCE_TYPES.LiveCallback.providerText,
    };
    // The secret output option is merged here so no caller can forget it.
    super(
      RESOURCE_TYPES.LiveCallback.token,
      name,
      sentProps(props, args, opts),
      inDeclarationOrder(pulumi.mergeOptions(opts, { additionalSecretOutputs: ["authKey"] })),
    );
  }

  /**
   * An existing configuration, read from the service without being managed: `destroy` leaves it in place. The ID
   * (`vhost:<vhost>:<app>:<messageType>` or `domain:<domain>::<messageType>`) names it; see LiveCallbackState for
   * what `state` may add. `authKey` stays a secret. Fails when no configuration has that ID.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: LiveCallbackState,
    opts?: pulumi.CustomResourceOptions,
  ): LiveCallback {
    return new LiveCallback(name, (state ?? {}) as unknown as LiveCallbackArgs, { ...opts, id });
  }
}
