import { type AccountState, emptyAccount, type RelayServer as ApiRelayServer } from "../../emulator/world/WorldState";
import type { ResourceSpec } from "./ChaosCycle";

interface ServerArgs {
  protocol: string;
  domain: string;
  params?: Record<string, string>;
}

/**
 * The configurations a set of resources stands for, in the emulator's own shape: what the service must hold for
 * them. Takes program args or recorded outputs alike (they share field names); TaskIds come from `taskId` when
 * present, else "".
 */
export function accountOfStack(resources: Iterable<ResourceSpec>): AccountState {
  const account = emptyAccount();
  for (const { kind, args } of resources) {
    if (kind === "RelayGroupV3") {
      const vhost = text(args.vhost);
      const app = text(args.app);
      let config = account.relaySourcesV3.find((item) => item.Vhost === vhost && item.App === app);
      if (config === undefined) {
        config = { Vhost: vhost, App: app, GroupDetails: [] };
        account.relaySourcesV3.push(config);
      }
      config.GroupDetails.push({
        Group: text(args.group),
        Servers: ((args.servers as ServerArgs[] | undefined) ?? []).map(toApiServer),
      });
    } else if (kind === "FixedRelayV4") {
      account.relaySourcesV4.push({
        Domain: text(args.domain),
        App: text(args.app),
        Stream: text(args.stream),
        SrcAddrS: ((args.sourceUrls as string[] | undefined) ?? []).map((url) => url.trim()),
        StartTime: seconds(args.startTime),
        EndTime: seconds(args.endTime),
        TaskId: typeof args.taskId === "string" ? args.taskId : "",
      });
    } else {
      const callbacks = (args.callbacks as { url: string; type?: string }[] | undefined) ?? [];
      account.callbacks.push({
        Vhost: text(args.vhost),
        Domain: text(args.domain),
        App: text(args.app),
        MessageType: text(args.messageType),
        CallbackDetailList: callbacks.map((callback) => ({
          CallbackType: callback.type ?? "http",
          URL: callback.url.trim(),
        })),
        TranscodeCallback: args.transcodeCallback === true ? 1 : 0,
        AuthEnable: args.authEnabled === true,
        AuthKeyPrimary: typeof args.authKey === "string" ? args.authKey : "",
        CreateTime: "",
        CreateTimeUTC: "",
      });
    }
  }
  return account;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function toApiServer(server: ServerArgs): ApiRelayServer {
  const params = server.params ?? {};
  return {
    RelaySourceDomain: server.domain.trim(),
    RelaySourceProtocol: server.protocol,
    ...(Object.keys(params).length === 0 ? {} : { RelaySourceParams: { ...params } }),
  };
}

/** Unix seconds from seconds or an ISO-8601 string; absent is 0, the service's "permanent". */
function seconds(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return Math.floor(Date.parse(value) / 1000);
  return 0;
}
