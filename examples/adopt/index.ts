/**
 * Taking over configurations that already exist (made in the console or by a script). Without `adopt: true`,
 * `pulumi up` stops with an error naming the existing configuration instead of silently overwriting it. With it,
 * the resource takes the configuration over and converges it to what is declared here. Dynamic resources cannot
 * be brought in with `pulumi import`; `adopt` is the way.
 */
import { FixedRelayV4, LiveCallback, RelayGroupV3 } from "pulumi-volcengine-live";

export const group = new RelayGroupV3("existing-origins", {
  vhost: "push.example.com",
  app: "live",
  group: "made-in-console",
  servers: [{ protocol: "rtmp", domain: "origin.example.com" }],
  adopt: true,
}).id;

// An adopted relay's taskId is "": ListRelaySourceV4 never returns TaskIds.
export const relay = new FixedRelayV4("existing-relay", {
  domain: "play.example.com",
  app: "live",
  stream: "lobby",
  sourceUrls: ["rtmp://studio.example.com/live/lobby"],
  adopt: true,
}).id;

export const callback = new LiveCallback("existing-record-hook", {
  domain: "push.example.com",
  messageType: "record",
  callbacks: [{ url: "https://hooks.example.com/live/record" }],
  adopt: true,
}).id;
