import { z } from "zod";
import type { LiveClient } from "../client/LiveClient";
import { groupName, hostWithOptionalPort, MAX_SOURCES, optionalAppName, RELAY_PROTOCOLS, vhostName } from "./fields";
import { listOrEmpty, orDefault } from "./lenient";
import { validateRequest } from "./validateRequest";

/** Play-triggered relay (播放触发回源), addressed by (Vhost, App, Group). */

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
export type UpdateRelaySourceV3Request = z.input<typeof updateRelaySourceV3RequestSchema>;

const deleteRelaySourceV3RequestSchema = z.strictObject({
  Vhost: vhostName,
  App: optionalAppName.optional(),
  Group: groupName.optional(),
});
export type DeleteRelaySourceV3Request = z.input<typeof deleteRelaySourceV3RequestSchema>;

const describeRelaySourceV3RequestSchema = deleteRelaySourceV3RequestSchema;
export type DescribeRelaySourceV3Request = z.input<typeof describeRelaySourceV3RequestSchema>;

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
export type RelaySourceV3Config = z.output<typeof relaySourceConfigSchema>;

/** An absent Result or list reads as "no configuration" (the model marks both optional). */
export const describeRelaySourceV3ResultSchema = orDefault(
  z.object({ RelaySourceConfigList: listOrEmpty(relaySourceConfigSchema) }),
  { RelaySourceConfigList: [] },
);
export type DescribeRelaySourceV3Result = z.output<typeof describeRelaySourceV3ResultSchema>;

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
