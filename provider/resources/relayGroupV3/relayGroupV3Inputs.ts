import { z } from "zod";
import { groupName, hostWithOptionalPort, MAX_SOURCES, optionalAppName, vhostName } from "../../api/fields";
import { RELAY_PROTOCOLS } from "../../api/RelayProtocol";
import { inputObject, mustBe, trimmed } from "../../dynamic/inputRules";
import type { SameShape } from "../../validation/SameShape";
import type { RelayServer } from "./RelayServer";
import { keyOfId } from "../../dynamic/keyOfId";

const serverInput = inputObject(
  {
    protocol: z.enum(RELAY_PROTOCOLS, { error: "must be rtmp or flv" }),
    domain: trimmed(hostWithOptionalPort),
    params: z
      .record(z.string().min(1, "parameter names must not be empty"), z.string({ error: mustBe("a string") }), {
        error: mustBe("an object of parameter names and string values"),
      })
      .default({}),
  },
  { error: mustBe("an object { protocol, domain, params? }") },
);

/** Checked inputs of RelayGroupV3: what `check` returns, `diff` compares and `create`/`update` send. */
export const relayGroupV3InputsSchema = inputObject({
  vhost: trimmed(vhostName),
  app: z.string({ error: "must be a string" }).trim().pipe(optionalAppName).default(""),
  group: trimmed(groupName),
  servers: z
    .array(serverInput, { error: mustBe("a list of servers") })
    .min(1, "needs at least one server")
    .max(MAX_SOURCES, `allows at most ${MAX_SOURCES} servers (they are tried in order)`),
  adopt: z.boolean({ error: "must be true or false" }).default(false),
});

// The `servers` output's element type is written out for the public declarations; it is what the check gives.
const _serverMatches: SameShape<RelayServer, z.output<typeof serverInput>> = true;

export type RelayGroupV3Inputs = z.output<typeof relayGroupV3InputsSchema>;

/** `vhost:app:group`; an empty app (the vhost-level configuration) gives `vhost::group`. */
export function relayGroupV3Id(inputs: Pick<RelayGroupV3Inputs, "vhost" | "app" | "group">): string {
  return `${inputs.vhost}:${inputs.app}:${inputs.group}`;
}

/** The key an ID names (see relayGroupV3Id): a group name may hold colons, a vhost or app never does. */
export function relayGroupV3KeyOfId(id: string): Pick<RelayGroupV3Inputs, "vhost" | "app" | "group"> {
  const match = /^([^:]*):([^:]*):(.*)$/s.exec(id);
  return keyOfId("RelayGroupV3", id, {
    form: "vhost:app:group (vhost::group for the vhost-level configuration)",
    parts: match === null ? undefined : { vhost: match[1]!, app: match[2]!, group: match[3]! },
    schema: z.object({ vhost: vhostName, app: optionalAppName, group: groupName }),
  });
}
