/**
 * All three resources. Run it against the local emulator with `npm run demo`, or against Volcengine with your
 * credentials (`pulumi config set volcengine:accessKey …`, `pulumi config set --secret volcengine:secretKey …`)
 * and your own domains (`pulumi config set pushVhost push.your-domain.com`, `playDomain`, `hookUrl`).
 */
import * as pulumi from "@pulumi/pulumi";
import { FixedRelayV4, LiveCallback, RelayGroupV3 } from "pulumi-volcengine-live";

const config = new pulumi.Config();
const pushVhost = config.get("pushVhost") ?? "push.example.com";
const playDomain = config.get("playDomain") ?? "play.example.com";
const hookUrl = config.get("hookUrl") ?? "https://hooks.example.com/live/push";

// Pull-on-play: a viewer of live/<stream> that nobody pushed makes the edge pull from these origins, in order.
const origins = new RelayGroupV3("origins", {
  vhost: pushVhost,
  app: "live",
  group: "primary",
  servers: [
    { protocol: "rtmp", domain: "origin-a.example.com:1935" },
    { protocol: "flv", domain: "origin-b.example.com", params: { token: "public-pull" } },
  ],
});

// A scheduled relay of one event stream: two hours, with a backup source.
const relay = new FixedRelayV4("keynote", {
  domain: playDomain,
  app: "live",
  stream: "keynote",
  sourceUrls: ["rtmp://studio.example.com/live/keynote", "https://backup.example.com/live/keynote.flv"],
  startTime: "2030-01-01T08:00:00Z",
  endTime: "2030-01-01T10:00:00Z",
});

// Push-start callbacks for the app, signed with a key kept secret in state.
const hook = new LiveCallback("push-hook", {
  vhost: pushVhost,
  app: "live",
  messageType: "push",
  callbacks: [{ url: hookUrl }],
  authEnabled: true,
  authKey: config.getSecret("hookAuthKey") ?? pulumi.secret("change-me-0123456789"),
});

export const taskId = relay.taskId;
export const relayId = relay.id;
export const relayGroupId = origins.id;
export const callbackId = hook.id;
