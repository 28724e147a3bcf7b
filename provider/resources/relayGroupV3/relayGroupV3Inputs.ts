import { z } from "zod";
import {
  groupName,
  hostWithOptionalPort,
  MAX_SOURCES,
  optionalAppName,
  RELAY_PROTOCOLS,
  vhostName,
} from "../../api/fields";
import { inputObject, known, mustBe, trimmed } from "../../dynamic/inputRules";

const serverInput = inputObject(
  {
    protocol: known(z.enum(RELAY_PROTOCOLS, { error: "must be rtmp or flv" })),
    domain: known(trimmed(hostWithOptionalPort)),
    params: known(
      z.record(z.string().min(1, "parameter names must not be empty"), known(z.string({ error: mustBe("a string") })), {
        error: mustBe("an object of parameter names and string values"),
      }),
    ).default({}),
  },
  { error: mustBe("an object { protocol, domain, params? }") },
);

/** Checked inputs of RelayGroupV3: what `check` returns, `diff` compares and `create`/`update` send. */
export const relayGroupV3InputsSchema = inputObject({
  vhost: known(trimmed(vhostName)),
  app: known(z.string({ error: "must be a string" }).trim().pipe(optionalAppName)).default(""),
  group: known(trimmed(groupName)),
  servers: known(
    z
      .array(known(serverInput), { error: mustBe("a list of servers") })
      .min(1, "needs at least one server")
      .max(MAX_SOURCES, `allows at most ${MAX_SOURCES} servers (they are tried in order)`),
  ),
  adopt: known(z.boolean({ error: "must be true or false" })).default(false),
});

export interface RelayServer {
  protocol: "rtmp" | "flv";
  domain: string;
  params: Record<string, string>;
}

export interface RelayGroupV3Inputs {
  vhost: string;
  app: string;
  group: string;
  servers: RelayServer[];
  adopt: boolean;
}

/** `vhost:app:group`; an empty app (the vhost-level configuration) gives `vhost::group`. */
export function relayGroupV3Id(inputs: Pick<RelayGroupV3Inputs, "vhost" | "app" | "group">): string {
  return `${inputs.vhost}:${inputs.app}:${inputs.group}`;
}
