import { z } from "zod";
import type { LiveClient } from "../client/LiveClient";
import type { SameShape } from "../validation/SameShape";
import { groupName, hostWithOptionalPort, MAX_SOURCES, optionalAppName, vhostName } from "./fields";
import { listOrEmpty, orDefault } from "./lenient";
import { RELAY_PROTOCOLS, type RelayProtocol } from "./RelayProtocol";
import { validateRequest } from "./validateRequest";

/** Play-triggered relay (播放触发回源), addressed by (Vhost, App, Group). */

/** One origin of a relay group, as UpdateRelaySourceV3 takes it. */
export interface RelaySourceServer {
  /** A host name or IPv4 address, optionally `:port` (1–65535). */
  readonly RelaySourceDomain: string;
  readonly RelaySourceProtocol: RelayProtocol;
  /** Query parameters added when pulling; names must not be empty. */
  readonly RelaySourceParams?: Readonly<Record<string, string>>;
}

/** One relay group: a name and its origins, tried in order. */
export interface RelayGroupDetail {
  /** The group name: 1–256 characters, no control characters. */
  readonly Group: string;
  /** 1–10 origins. */
  readonly Servers: readonly RelaySourceServer[];
}

/** UpdateRelaySourceV3: adds or updates groups of the (Vhost, App) configuration. */
export interface UpdateRelaySourceV3Request {
  /** The push domain space, 1–60 characters of `A-Za-z0-9_.-`. */
  readonly Vhost: string;
  /** The App (1–30 characters of `A-Za-z0-9_.-`); empty or absent is the vhost-level configuration. */
  readonly App?: string;
  /** At least one group. */
  readonly GroupDetails: readonly RelayGroupDetail[];
}

/** DeleteRelaySourceV3: one group, or without Group the whole (Vhost, App) configuration. */
export interface DeleteRelaySourceV3Request {
  readonly Vhost: string;
  /** Empty or absent: the vhost-level configuration. */
  readonly App?: string;
  readonly Group?: string;
}

/** DescribeRelaySourceV3: the (Vhost, App) configuration, or one of its groups. */
export type DescribeRelaySourceV3Request = DeleteRelaySourceV3Request;

/** One origin as DescribeRelaySourceV3 reports it. */
export interface RelaySourceV3Server {
  readonly RelaySourceDomain: string;
  readonly RelaySourceProtocol: string;
  /** Empty when absent. */
  readonly RelaySourceParams: Readonly<Record<string, string>>;
}

/** One group as DescribeRelaySourceV3 reports it. */
export interface RelaySourceV3Group {
  readonly Group: string;
  /** Empty when absent. */
  readonly Servers: readonly RelaySourceV3Server[];
}

/** A (Vhost, App) configuration as DescribeRelaySourceV3 reports it. */
export interface RelaySourceV3Config {
  readonly Vhost: string;
  /** "" for the vhost-level configuration. */
  readonly App: string;
  /** Empty when absent. */
  readonly GroupDetails: readonly RelaySourceV3Group[];
}

/** DescribeRelaySourceV3's answer: an absent Result or list reads as "no configuration". */
export interface DescribeRelaySourceV3Result {
  readonly RelaySourceConfigList: readonly RelaySourceV3Config[];
}

const relaySourceServerSchema = z.strictObject({
  RelaySourceDomain: hostWithOptionalPort,
  RelaySourceProtocol: z.enum(RELAY_PROTOCOLS, { error: "must be one of rtmp, flv" }),
  RelaySourceParams: z.record(z.string().min(1, "parameter names must not be empty"), z.string()).optional(),
});

const relayGroupDetailSchema = z.strictObject({
  Group: groupName,
  Servers: z
    .array(relaySourceServerSchema)
    .min(1, "needs at least one server")
    .max(MAX_SOURCES, `allows at most ${MAX_SOURCES} servers`),
});

const updateRelaySourceV3RequestSchema = z.strictObject({
  Vhost: vhostName,
  App: optionalAppName.optional(),
  GroupDetails: z.array(relayGroupDetailSchema).min(1, "needs at least one group"),
});
const _updateMatches: SameShape<UpdateRelaySourceV3Request, z.input<typeof updateRelaySourceV3RequestSchema>> = true;

const deleteRelaySourceV3RequestSchema = z.strictObject({
  Vhost: vhostName,
  App: optionalAppName.optional(),
  Group: groupName.optional(),
});
const _deleteMatches: SameShape<DeleteRelaySourceV3Request, z.input<typeof deleteRelaySourceV3RequestSchema>> = true;

const describeRelaySourceV3RequestSchema = deleteRelaySourceV3RequestSchema;
const _describeMatches: SameShape<
  DescribeRelaySourceV3Request,
  z.input<typeof describeRelaySourceV3RequestSchema>
> = true;

const serverResultSchema = z.object({
  RelaySourceDomain: z.string(),
  RelaySourceProtocol: z.string(),
  RelaySourceParams: orDefault(z.record(z.string(), z.string()), {}),
});

const relaySourceConfigSchema = z.object({
  Vhost: z.string(),
  App: orDefault(z.string(), ""),
  GroupDetails: listOrEmpty(z.object({ Group: z.string(), Servers: listOrEmpty(serverResultSchema) })),
});

/** An absent Result or list reads as "no configuration" (the model marks both optional). */
const describeRelaySourceV3ResultSchema = orDefault(
  z.object({ RelaySourceConfigList: listOrEmpty(relaySourceConfigSchema) }),
  { RelaySourceConfigList: [] },
);
const _resultMatches: SameShape<DescribeRelaySourceV3Result, z.output<typeof describeRelaySourceV3ResultSchema>> = true;

/** Adds or updates groups of the (Vhost, App) configuration. Whether other groups survive is not documented. */
export async function updateRelaySourceV3(
  client: LiveClient,
  request: UpdateRelaySourceV3Request,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("UpdateRelaySourceV3", updateRelaySourceV3RequestSchema, request);
  await client.call("UpdateRelaySourceV3", body, { result: z.unknown(), signal });
}

/** Deletes a group (or, without Group, the whole (Vhost, App) configuration). */
export async function deleteRelaySourceV3(
  client: LiveClient,
  request: DeleteRelaySourceV3Request,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("DeleteRelaySourceV3", deleteRelaySourceV3RequestSchema, request);
  await client.call("DeleteRelaySourceV3", body, { result: z.unknown(), signal });
}

export async function describeRelaySourceV3(
  client: LiveClient,
  request: DescribeRelaySourceV3Request,
  signal?: AbortSignal,
): Promise<DescribeRelaySourceV3Result> {
  const body = validateRequest("DescribeRelaySourceV3", describeRelaySourceV3RequestSchema, request);
  return client.call("DescribeRelaySourceV3", body, { result: describeRelaySourceV3ResultSchema, signal });
}
