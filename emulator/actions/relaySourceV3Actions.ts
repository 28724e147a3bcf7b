import { z } from "zod";
import { live } from "../http/ApiFailure";
import type { RelayGroup, RelaySourceV3Config } from "../world/WorldState";
import type { ActionContext, ActionHandler } from "./ActionHandler";
import { HOST_PORT, NAME, parseBody } from "./validation";

const vhost = z
  .string()
  .min(1, "is required")
  .max(60, "must be 1-60 characters")
  .regex(NAME, "must match [A-Za-z0-9_.-]");
// Type first (a wrong JSON type is a BindError), then the rules.
const app = z
  .string()
  .pipe(
    z.union([z.literal(""), z.string().max(30, "must be 1-30 characters").regex(NAME, "must match [A-Za-z0-9_.-]")]),
  );
const group = z.string().min(1, "is required");

const server = z.object({
  RelaySourceDomain: z
    .string()
    .min(1, "is required")
    .refine((value) => {
      const match = HOST_PORT.exec(value);
      return match !== null && (match[1] === undefined || (Number(match[1]) >= 1 && Number(match[1]) <= 65535));
    }, "must be a domain or IP, optionally with :port"),
  RelaySourceProtocol: z.string().pipe(z.enum(["rtmp", "flv"], { error: "should be one of {[rtmp flv]}" })),
  // The official model is map[string]*string: a null value is taken as no parameter.
  RelaySourceParams: z
    .record(z.string(), z.string().nullable())
    .transform((params) => {
      const given: Record<string, string> = {};
      for (const [name, value] of Object.entries(params)) if (value !== null) given[name] = value;
      return given;
    })
    .optional(),
});

const updateSchema = z.object({
  Vhost: vhost,
  App: app.optional(),
  GroupDetails: z
    .array(
      z.object({
        Group: group,
        Servers: z.array(server).min(1, "must not be empty").max(10, "allows at most 10 source addresses"),
      }),
    )
    .min(1, "must not be empty")
    .refine((groups) => new Set(groups.map((item) => item.Group)).size === groups.length, "has a repeated Group"),
});

const keySchema = z.object({ Vhost: vhost, App: app.optional(), Group: group.optional() });

function findConfig(configs: RelaySourceV3Config[], vhostName: string, appName: string) {
  return configs.find((config) => config.Vhost === vhostName && config.App === appName);
}

const update: ActionHandler = (context, body) => {
  const request = parseBody(updateSchema, body);
  const appName = request.App ?? "";
  const groups: RelayGroup[] = request.GroupDetails.map((item) => ({
    Group: item.Group,
    Servers: item.Servers.map((entry) => ({
      RelaySourceDomain: entry.RelaySourceDomain,
      RelaySourceProtocol: entry.RelaySourceProtocol,
      ...(entry.RelaySourceParams === undefined ? {} : { RelaySourceParams: { ...entry.RelaySourceParams } }),
    })),
  }));
  const replaceAll = context.world.modes.v3Update === "replace-all";
  context.world.commit(context.accessKeyId, (account) => {
    const existing = findConfig(account.relaySourcesV3, request.Vhost, appName);
    if (existing === undefined) {
      account.relaySourcesV3.push({ Vhost: request.Vhost, App: appName, GroupDetails: structuredClone(groups) });
      return;
    }
    if (replaceAll) {
      existing.GroupDetails = structuredClone(groups);
      return;
    }
    for (const incoming of structuredClone(groups)) {
      const index = existing.GroupDetails.findIndex((item) => item.Group === incoming.Group);
      if (index >= 0) existing.GroupDetails[index] = incoming;
      else existing.GroupDetails.push(incoming);
    }
  });
  return undefined;
};

const remove: ActionHandler = (context, body) => {
  const request = parseBody(keySchema, body);
  const appName = request.App ?? "";
  const existing = findConfig(
    context.world.committedAccount(context.accessKeyId).relaySourcesV3,
    request.Vhost,
    appName,
  );
  const present =
    existing !== undefined &&
    (request.Group === undefined || existing.GroupDetails.some((item) => item.Group === request.Group));
  if (!present) {
    return missing(context, `play-triggered relay config ${request.Vhost}/${appName}/${request.Group ?? "*"}`);
  }
  context.world.commit(context.accessKeyId, (account) => {
    const config = findConfig(account.relaySourcesV3, request.Vhost, appName);
    if (config === undefined) return;
    if (request.Group !== undefined) {
      config.GroupDetails = config.GroupDetails.filter((item) => item.Group !== request.Group);
    }
    if (request.Group === undefined || config.GroupDetails.length === 0) {
      account.relaySourcesV3 = account.relaySourcesV3.filter((candidate) => candidate !== config);
    }
  });
  return undefined;
};

const describe: ActionHandler = (context, body) => {
  const request = parseBody(keySchema, body);
  const list = context.world
    .visibleAccount(context.accessKeyId)
    .relaySourcesV3.filter((config) => config.Vhost === request.Vhost)
    .filter((config) => !request.App || config.App === request.App)
    .map((config) => ({
      Vhost: config.Vhost,
      App: config.App,
      GroupDetails: config.GroupDetails.filter(
        (item) => request.Group === undefined || item.Group === request.Group,
      ).map((item) => ({
        Group: item.Group,
        // Every item field is present: a server written without params lists them as {}.
        Servers: item.Servers.map((entry) => ({
          ...structuredClone(entry),
          RelaySourceParams: { ...entry.RelaySourceParams },
        })),
      })),
    }))
    .filter((config) => config.GroupDetails.length > 0);
  return { RelaySourceConfigList: list };
};

/** Deleting what is not there: success or an error, as the `deleteMissing` mode says. */
export function missing(context: ActionContext, what: string): undefined {
  if (context.world.modes.deleteMissing === "error") {
    throw live.invalidParam(`${what} does not exist`);
  }
  return undefined;
}

export const relaySourceV3Actions: Record<string, ActionHandler> = {
  UpdateRelaySourceV3: update,
  DeleteRelaySourceV3: remove,
  DescribeRelaySourceV3: describe,
};
