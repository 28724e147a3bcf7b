import type { AccountState } from "../../emulator/world/WorldState";
import type { OutOfBandEdit } from "./ChaosCycle";

/**
 * Applies one out-of-band edit to an account, in place. Used both on the emulator's state (the edit itself) and on
 * the model of hand-made configurations (what must survive from then on), so the two cannot disagree.
 */
export function applyOutOfBand(account: AccountState, edit: OutOfBandEdit): void {
  switch (edit.change) {
    case "delete-group": {
      const config = account.relaySourcesV3.find((item) => item.Vhost === edit.vhost && item.App === edit.app);
      if (config === undefined) return;
      config.GroupDetails = config.GroupDetails.filter((group) => group.Group !== edit.group);
      // The service keeps no empty (Vhost, App) configuration.
      if (config.GroupDetails.length === 0) {
        account.relaySourcesV3 = account.relaySourcesV3.filter((item) => item !== config);
      }
      return;
    }
    case "set-group": {
      let config = account.relaySourcesV3.find((item) => item.Vhost === edit.vhost && item.App === edit.app);
      if (config === undefined) {
        config = { Vhost: edit.vhost, App: edit.app, GroupDetails: [] };
        account.relaySourcesV3.push(config);
      }
      const group = { Group: edit.group, Servers: structuredClone(edit.servers) };
      const index = config.GroupDetails.findIndex((item) => item.Group === edit.group);
      if (index >= 0) config.GroupDetails[index] = group;
      else config.GroupDetails.push(group);
      return;
    }
    case "delete-relay":
      account.relaySourcesV4 = account.relaySourcesV4.filter(
        (item) => !(item.Domain === edit.domain && item.App === edit.app && item.Stream === edit.stream),
      );
      return;
    case "set-relay": {
      const { relay } = edit;
      const existing = account.relaySourcesV4.find(
        (item) => item.Domain === relay.Domain && item.App === relay.App && item.Stream === relay.Stream,
      );
      if (existing === undefined) {
        account.relaySourcesV4.push(structuredClone(relay));
        return;
      }
      existing.SrcAddrS = [...relay.SrcAddrS];
      existing.StartTime = relay.StartTime;
      existing.EndTime = relay.EndTime;
      return;
    }
    case "delete-callback":
      account.callbacks = account.callbacks.filter(
        (item) =>
          !(
            item.Vhost === edit.vhost &&
            item.Domain === edit.domain &&
            item.App === edit.app &&
            item.MessageType === edit.messageType
          ),
      );
      return;
    case "set-callback": {
      const { callback } = edit;
      const index = account.callbacks.findIndex(
        (item) =>
          item.Vhost === callback.Vhost &&
          item.Domain === callback.Domain &&
          item.App === callback.App &&
          item.MessageType === callback.MessageType,
      );
      const previous = account.callbacks[index];
      const next = structuredClone(
        previous === undefined
          ? callback
          : { ...callback, CreateTime: previous.CreateTime, CreateTimeUTC: previous.CreateTimeUTC },
      );
      if (index >= 0) account.callbacks[index] = next;
      else account.callbacks.push(next);
      return;
    }
  }
}
