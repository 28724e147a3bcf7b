import type * as pulumi from "@pulumi/pulumi";
import type { RelayServerArgs } from "./RelayServer";

/**
 * What `RelayGroupV3.get` may be given besides the ID. The ID (`vhost:app:group`, `vhost::group` for the
 * vhost-level configuration) alone names the group and every output is read from the service, so all of this is
 * optional: key fields given here must agree with the ID, and the servers are read, never taken from here.
 */
export interface RelayGroupV3State {
  /** The push domain space (Vhost); when given, it must be the ID's. */
  readonly vhost?: pulumi.Input<string>;
  /** The App, empty for the vhost-level configuration; when given, it must be the ID's. */
  readonly app?: pulumi.Input<string>;
  /** The group name; when given, it must be the ID's. */
  readonly group?: pulumi.Input<string>;
  /** The origins, tried in order. The output is what the service describes. */
  readonly servers?: pulumi.Input<pulumi.Input<RelayServerArgs>[]>;
  /** Whether a create took over an existing group. The output is false: get never creates or takes over. */
  readonly adopt?: pulumi.Input<boolean>;
}
