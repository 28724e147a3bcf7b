import type { RelaySourceV3Config } from "../../api/relaySourceV3";
import type { RelayServer } from "./RelayServer";

/** The one place RelayGroupV3's camelCase servers meet the API's PascalCase ones. */
export function toApiServers(servers: readonly RelayServer[]) {
  return servers.map((server) => ({
    RelaySourceDomain: server.domain,
    RelaySourceProtocol: server.protocol,
    ...(Object.keys(server.params).length === 0 ? {} : { RelaySourceParams: { ...server.params } }),
  }));
}

function fromApiServers(servers: RelaySourceV3Config["GroupDetails"][number]["Servers"]): RelayServer[] {
  return servers.map((server) => ({
    protocol: server.RelaySourceProtocol as RelayServer["protocol"],
    domain: server.RelaySourceDomain,
    params: { ...server.RelaySourceParams },
  }));
}

/** The groups of the (Vhost, App) configuration in a DescribeRelaySourceV3 answer for the whole Vhost. */
export function groupsOf(configs: readonly RelaySourceV3Config[], app: string): Map<string, RelayServer[]> {
  const groups = new Map<string, RelayServer[]>();
  for (const config of configs) {
    if (config.App !== app) continue;
    for (const detail of config.GroupDetails) {
      groups.set(detail.Group, fromApiServers(detail.Servers));
    }
  }
  return groups;
}
