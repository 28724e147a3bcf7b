import type { AccountState } from "../../emulator/world/WorldState";

export interface ConfigLines {
  /** One entry per configuration: its key (`V3 vhost/app/group`, `V4 domain/app/stream`, `Callback …`) → settings. */
  readonly lines: Map<string, string>;
  /** Keys held more than once: two V4 relays at one (domain, app, stream), a group twice, two (vhost, app) configs. */
  readonly duplicates: string[];
}

/**
 * An account as comparable lines, one per configuration the service keys separately: a V3 group, a V4 relay, a
 * callback. Two accounts hold the same configurations exactly when their lines are equal.
 */
export function configLines(account: AccountState): ConfigLines {
  const lines = new Map<string, string>();
  const duplicates: string[] = [];
  const add = (key: string, value: string) => {
    if (lines.has(key)) duplicates.push(key);
    lines.set(key, value);
  };
  const v3Configs = new Set<string>();
  for (const config of account.relaySourcesV3) {
    const configKey = `V3 ${config.Vhost}/${config.App}`;
    if (v3Configs.has(configKey)) duplicates.push(`${configKey} (configuration)`);
    v3Configs.add(configKey);
    for (const group of config.GroupDetails) {
      const servers = group.Servers.map((server) => {
        const params = Object.entries(server.RelaySourceParams ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, value]) => `${name}=${value}`)
          .join("&");
        return `${server.RelaySourceProtocol}://${server.RelaySourceDomain}${params ? `?${params}` : ""}`;
      });
      add(`V3 ${config.Vhost}/${config.App}/${group.Group}`, servers.join(", "));
    }
  }
  for (const relay of account.relaySourcesV4) {
    add(
      `V4 ${relay.Domain}/${relay.App}/${relay.Stream}`,
      `${relay.SrcAddrS.join(", ")} [${relay.StartTime}-${relay.EndTime}]`,
    );
  }
  for (const callback of account.callbacks) {
    const scope = callback.Domain !== "" ? `domain:${callback.Domain}` : `vhost:${callback.Vhost}`;
    add(
      `Callback ${scope}/${callback.App}/${callback.MessageType}`,
      `${callback.CallbackDetailList.map((detail) => `${detail.CallbackType} ${detail.URL}`).join(", ")} ` +
        `transcode=${callback.TranscodeCallback} auth=${callback.AuthEnable} key=${callback.AuthKeyPrimary}`,
    );
  }
  return { lines, duplicates };
}
