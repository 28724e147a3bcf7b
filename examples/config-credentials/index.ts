/**
 * Credentials from stack config instead of the environment:
 *
 *   pulumi config set volcengine:accessKey AKLT…
 *   pulumi config set --secret volcengine:secretKey …
 *   pulumi config set --secret volcengine:sessionToken …   # temporary credentials only
 *   pulumi config set volcengine:region cn-north-1          # optional
 *   pulumi config set volcengine:endpoint https://…         # optional, e.g. the local emulator
 *
 * The provider reads them when each operation runs; the provider code in state captures none of them. The Pulumi
 * engine does record the stack config (secrets encrypted) with the stack's default provider, and a plain refresh or
 * destroy configures the provider from that record: after rotating the secret with `pulumi config set`, run
 * `pulumi up` (or `pulumi refresh --run-program`) once. Without config, VOLCENGINE_ACCESS_KEY,
 * VOLCENGINE_SECRET_KEY, VOLCENGINE_SESSION_TOKEN and VOLCENGINE_REGION are used, read afresh by every operation.
 */
import { LiveCallback } from "pulumi-volcengine-live";

export const callbackId = new LiveCallback("push-end-hook", {
  vhost: "push.example.com",
  messageType: "push_end",
  callbacks: [{ url: "https://hooks.example.com/live/push-end" }],
}).id;
