import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import { RESOURCE_TYPES } from "../resourceTypes";
import { sentProps } from "../sentProps";
import type { RelayGroupV3State } from "./RelayGroupV3State";

export interface RelayServerArgs {
  /** `rtmp` or `flv`. */
  protocol: pulumi.Input<"rtmp" | "flv">;
  /** The origin: a host name or IP, optionally `:port`. */
  domain: pulumi.Input<string>;
  /** Query parameters added when pulling, e.g. `{ domain: "live.push.net" }`. */
  params?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface RelayGroupV3Args {
  /** The push domain space (Vhost). Changing it replaces the resource. */
  vhost: pulumi.Input<string>;
  /** The App; empty (the default) is the vhost-level configuration. Changing it replaces the resource. */
  app?: pulumi.Input<string>;
  /** The group name within the (vhost, app) configuration. Changing it replaces the resource. */
  group: pulumi.Input<string>;
  /** 1–10 origins, tried in this order. */
  servers: pulumi.Input<pulumi.Input<RelayServerArgs>[]>;
  /** Take over a group that already exists at this key instead of failing. Only read on create. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * A play-triggered relay group (播放触发回源): when a stream of the Vhost/App is played and not pushed, the edge
 * pulls it from the group's servers. ID `vhost:app:group`. Other groups of the same (vhost, app), managed by other
 * resources or by hand, are kept.
 */
export class RelayGroupV3 extends pulumi.CustomResource {
  declare readonly vhost: pulumi.Output<string>;
  declare readonly app: pulumi.Output<string>;
  declare readonly group: pulumi.Output<string>;
  declare readonly servers: pulumi.Output<
    Array<{ protocol: "rtmp" | "flv"; domain: string; params: Record<string, string> }>
  >;
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
