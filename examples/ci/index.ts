/**
 * The stack the CI examples preview and deploy: one resource of each kind, with the domains in stack config so
 * the same program serves the production stack and the emulator stack (Pulumi.<stack>.yaml).
 */
import * as pulumi from "@pulumi/pulumi";
import { FixedRelayV4, LiveCallback, RelayGroupV3 } from "pulumi-volcengine-live";

const config = new pulumi.Config();
const pushVhost = config.require("pushVhost");
const playDomain = config.require("playDomain");
const hookUrl = config.require("hookUrl");
// Optional: `pulumi config set --secret hookAuthKey …` signs the callbacks.
const hookAuthKey = config.getSecret("hookAuthKey");

// A viewer of an unpushed stream makes the edge pull it from the studio's origin.
const origins = new RelayGroupV3("origins", {
  vhost: pushVhost,
  app: "studio",
  group: "studio-origin",
  servers: [{ protocol: "rtmp", domain: "origin.studio.example.com" }],
});

const lobby = new FixedRelayV4("lobby", {
  domain: playDomain,
  app: "live",
  stream: "lobby",
  sourceUrls: ["rtmp://studio.example.com/live/lobby"],
});

const pushHook = new LiveCallback("push-hook", {
  vhost: pushVhost,
  app: "live",
  messageType: "push",
  callbacks: [{ url: hookUrl }],
  ...(hookAuthKey === undefined ? {} : { authEnabled: true, authKey: hookAuthKey }),
});

export const relayGroupId = origins.id;
export const lobbyTaskId = lobby.taskId;
export const callbackId = pushHook.id;
