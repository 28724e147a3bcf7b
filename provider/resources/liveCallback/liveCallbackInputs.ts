import { z } from "zod";
import { CALLBACK_MESSAGE_TYPES } from "../../api/CallbackMessageType";
import { callbackUrl, domainName, optionalAppName, TRANSCODE_CALLBACK_TYPES, vhostName } from "../../api/fields";
import { addCrossFieldIssue, inputObject, mustBe, trimmed } from "../../dynamic/inputRules";
import type { SameShape } from "../../validation/SameShape";
import type { CallbackTarget } from "./CallbackTarget";
import { keyOfId } from "../../dynamic/keyOfId";

const optionalScope = <T extends z.ZodType<string, string>>(rule: T) =>
  z
    .string({ error: "must be a string" })
    .trim()
    .pipe(z.union([z.literal(""), rule]))
    .transform((value) => (value === "" ? undefined : value))
    .optional();

const callbackTarget = inputObject(
  {
    url: trimmed(callbackUrl),
    type: z.literal("http", { error: 'must be "http" (it covers https URLs too)' }).default("http"),
  },
  { error: mustBe("an object { url, type? }") },
);
// The `callbacks` output's element type is written out for the public declarations; it is what the check gives.
const _targetMatches: SameShape<CallbackTarget, z.output<typeof callbackTarget>> = true;

/** Checked inputs of LiveCallback. An empty vhost or domain counts as not set. */
export const liveCallbackInputsSchema = inputObject({
  vhost: optionalScope(vhostName),
  domain: optionalScope(domainName),
  app: z.string({ error: "must be a string" }).trim().pipe(optionalAppName).default(""),
  messageType: z.enum(CALLBACK_MESSAGE_TYPES, { error: `must be one of ${CALLBACK_MESSAGE_TYPES.join(", ")}` }),
  callbacks: z
    .array(callbackTarget, { error: mustBe("a list of callbacks") })
    .min(1, "needs at least one callback URL"),
  transcodeCallback: z.boolean({ error: "must be true or false" }).default(false),
  authEnabled: z.boolean({ error: "must be true or false" }).default(false),
  authKey: z.string({ error: "must be a string" }).max(1024, "must be at most 1024 characters").optional(),
  adopt: z.boolean({ error: "must be true or false" }).default(false),
}).superRefine((inputs, context) => {
  if ((inputs.vhost === undefined) === (inputs.domain === undefined)) {
    addCrossFieldIssue(context, {
      path: inputs.vhost === undefined ? "vhost" : "domain",
      message: "set exactly one of vhost and domain",
      reads: ["vhost", "domain"],
    });
  }
  if (inputs.domain !== undefined && inputs.app !== "") {
    addCrossFieldIssue(context, {
      path: "app",
      message: "cannot be set together with domain",
      reads: ["domain", "app"],
    });
  }
  if (inputs.transcodeCallback && !TRANSCODE_CALLBACK_TYPES.has(inputs.messageType)) {
    addCrossFieldIssue(context, {
      path: "transcodeCallback",
      message: "applies only to the push and push_end message types",
      reads: ["transcodeCallback", "messageType"],
    });
  }
  if (inputs.authEnabled && (inputs.authKey === undefined || inputs.authKey === "")) {
    addCrossFieldIssue(context, {
      path: "authKey",
      message: "is required when authEnabled is true",
      reads: ["authEnabled", "authKey"],
    });
  }
});

export type LiveCallbackInputs = z.output<typeof liveCallbackInputsSchema>;

/** `vhost:<vhost>:<app>:<type>` or `domain:<domain>::<type>`. Never carries the auth key. */
export function liveCallbackId(inputs: Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">): string {
  return inputs.domain !== undefined
    ? `domain:${inputs.domain}::${inputs.messageType}`
    : `vhost:${inputs.vhost}:${inputs.app}:${inputs.messageType}`;
}

type LiveCallbackKey = Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">;

/** The key an ID names (see liveCallbackId); a ResourceIdError when it names none. */
export function liveCallbackKeyOfId(id: string): LiveCallbackKey {
  const messageType = z.enum(CALLBACK_MESSAGE_TYPES, { error: `must be one of ${CALLBACK_MESSAGE_TYPES.join(", ")}` });
  const form = "vhost:<vhost>:<app>:<messageType> or domain:<domain>::<messageType>";
  const byVhost = /^vhost:([^:]*):([^:]*):([^:]*)$/.exec(id);
  if (byVhost !== null) {
    const parts = { vhost: byVhost[1]!, app: byVhost[2]!, messageType: byVhost[3]! };
    const schema = z.object({ vhost: vhostName, app: optionalAppName, messageType });
    return keyOfId("LiveCallback", id, { form, parts, schema });
  }
  const byDomain = /^domain:([^:]*)::([^:]*)$/.exec(id);
  const parts = byDomain === null ? undefined : { domain: byDomain[1]!, messageType: byDomain[2]! };
  return {
    ...keyOfId("LiveCallback", id, { form, parts, schema: z.object({ domain: domainName, messageType }) }),
    app: "",
  };
}
