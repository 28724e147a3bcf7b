import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import { RESOURCE_TYPES } from "../resourceTypes";
import type { RelayServer, RelayServerArgs } from "./RelayServer";
import { sentProps } from "../sentProps";
import type { RelayGroupV3State } from "./RelayGroupV3State";

/** The arguments of a RelayGroupV3. The resource's ID is `vhost:app:group`. */
export interface RelayGroupV3Args {
  /**
   * The push domain space (Vhost) the group belongs to: 1–60 characters of `A-Za-z0-9_.-`. Changing it replaces
   * the resource.
   */
  readonly vhost: pulumi.Input<string>;
  /**
   * The App within the vhost: 1–30 characters of `A-Za-z0-9_.-`, or empty for the vhost-level configuration.
   * Default "". Changing it replaces the resource.
   */
  readonly app?: pulumi.Input<string>;
  /**
   * The group's name within the (vhost, app) configuration: 1–256 characters, no control characters. Changing it
   * replaces the resource.
   */
  readonly group: pulumi.Input<string>;
  /** 1–10 origins, tried in this order. Changing them updates the group in place. */
  readonly servers: pulumi.Input<pulumi.Input<RelayServerArgs>[]>;
  /**
   * Take over a group that already exists at this key instead of failing. Default false. Only read on create:
   * changing it later has no effect.
   */
  readonly adopt?: pulumi.Input<boolean>;
}

/**
 * A play-triggered relay group (播放触发回源): when a stream of the Vhost/App is played and not pushed, the edge
 * pulls it from the group's servers. ID `vhost:app:group`. Other groups of the same (vhost, app), managed by other
 * resources or by hand, are kept.
 */
export class RelayGroupV3 extends pulumi.CustomResource {
  /** The push domain space (Vhost) the group belongs to. */
  declare readonly vhost: pulumi.Output<string>;
  /** The App; "" for the vhost-level configuration. */
  declare readonly app: pulumi.Output<string>;
  /** The group's name within the (vhost, app) configuration. */
  declare readonly group: pulumi.Output<string>;
  /** The origins, in the order they are tried; `params` is `{}` when none were given. */
  declare readonly servers: pulumi.Output<RelayServer[]>;
  /** Whether the resource was allowed to take over an existing group on create. */
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: RelayGroupV3Args, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      // Every own argument, misspelt ones too (JavaScript has no type check), so check names what it does not know.
      ...args,
      vhost: args.vhost,
      app: args.app ?? "",
      group: args.group,
      servers: args.servers,
      adopt: args.adopt ?? false,
      __provider: RESOURCE_TYPES.RelayGroupV3.providerText,
    };
    super(RESOURCE_TYPES.RelayGroupV3.token, name, sentProps(props, args, opts), inDeclarationOrder(opts));
  }

  /**
   * An existing group, read from the service without being managed: `destroy` leaves it in place. The ID
   * (`vhost:app:group`) names it; see RelayGroupV3State for what `state` may add. Fails when no group has that ID.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: RelayGroupV3State,
    opts?: pulumi.CustomResourceOptions,
  ): RelayGroupV3 {
    return new RelayGroupV3(name, (state ?? {}) as unknown as RelayGroupV3Args, { ...opts, id });
  }
}
