import { fixedRelayV4Id } from "../../provider/resources/fixedRelayV4/fixedRelayV4Inputs";
import { liveCallbackId } from "../../provider/resources/liveCallback/liveCallbackInputs";
import { relayGroupV3Id } from "../../provider/resources/relayGroupV3/relayGroupV3Inputs";
import type { ResourceKind } from "../../provider/resources/resourceTypes";

/**
 * The ID a resource of this package has, or would have once created: its key, from its checked inputs alone (only
 * the key fields are read: the others may still be encrypted in an exported state). What a create that a killed
 * command left pending is recorded under.
 */
export function resourceIdOf(kind: ResourceKind, inputs: Record<string, unknown>): string {
  const text = (field: string) => (typeof inputs[field] === "string" ? (inputs[field] as string) : undefined);
  const app = text("app") ?? "";
  if (kind === "RelayGroupV3") return relayGroupV3Id({ vhost: text("vhost") ?? "", app, group: text("group") ?? "" });
  if (kind === "FixedRelayV4") {
    return fixedRelayV4Id({ domain: text("domain") ?? "", app, stream: text("stream") ?? "" });
  }
  const messageType = text("messageType") as Parameters<typeof liveCallbackId>[0]["messageType"];
  const domain = text("domain");
  return liveCallbackId(
    domain !== undefined ? { domain, app, messageType } : { vhost: text("vhost"), app, messageType },
  );
}
