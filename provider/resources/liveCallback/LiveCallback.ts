import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import { RESOURCE_TYPES } from "../resourceTypes";
import { sentProps } from "../sentProps";
import type { LiveCallbackState } from "./LiveCallbackState";

export type CallbackMessageType = "push" | "push_end" | "snapshot" | "record" | "audit_snapshot";

export interface LiveCallbackArgs {
  /** The push domain space; set exactly one of vhost and domain. Changing it replaces the resource. */
  vhost?: pulumi.Input<string>;
  /** The push domain; set exactly one of vhost and domain. Changing it replaces the resource. */
  domain?: pulumi.Input<string>;
  /** Only with vhost; empty (the default) is the vhost-level configuration. Changing it replaces the resource. */
  app?: pulumi.Input<string>;
  /** Changing it replaces the resource. */
  messageType: pulumi.Input<CallbackMessageType>;
  /** The http(s) URLs called (at most 100 characters each). */
  callbacks: pulumi.Input<pulumi.Input<{ url: pulumi.Input<string>; type?: pulumi.Input<"http"> }>[]>;
  /** Also report transcoded streams (push and push_end only). */
  transcodeCallback?: pulumi.Input<boolean>;
  /** Sign callbacks with authKey. */
  authEnabled?: pulumi.Input<boolean>;
  /** The signing key; required when authEnabled. Always stored as a secret. */
  authKey?: pulumi.Input<string>;
  /** Take over a configuration that already exists at this key instead of failing. Only read on create. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A stream event callback (回调): Volcengine calls the URLs on push, push end, snapshot, record or audit events.
 * ID `vhost:<vhost>:<app>:<type>` or `domain:<domain>::<type>`. `authKey` is a secret in state and in outputs.
 */
export class LiveCallback extends pulumi.CustomResource {
  declare readonly vhost: pulumi.Output<string | undefined>;
  declare readonly domain: pulumi.Output<string | undefined>;
  declare readonly app: pulumi.Output<string>;
  declare readonly messageType: pulumi.Output<CallbackMessageType>;
  declare readonly callbacks: pulumi.Output<Array<{ url: string; type: "http" }>>;
  declare readonly transcodeCallback: pulumi.Output<boolean>;
  declare readonly authEnabled: pulumi.Output<boolean>;
  declare readonly authKey: pulumi.Output<string | undefined>;
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
