import { z } from "zod";
import {
  callbackUrl,
  domainName,
  MESSAGE_TYPES,
  type MessageType,
  optionalAppName,
  TRANSCODE_CALLBACK_TYPES,
  vhostName,
} from "../../api/fields";
import { inputObject, known, mustBe, trimmed } from "../../dynamic/inputRules";
import { isUnknown } from "../../dynamic/unknowns";

const optionalScope = <T extends z.ZodType<string, string>>(rule: T) =>
  known(
    z
      .string({ error: "must be a string" })
      .trim()
      .pipe(z.union([z.literal(""), rule]))
      .transform((value) => (value === "" ? undefined : value)),
  ).optional();

/** Checked inputs of LiveCallback. An empty vhost or domain counts as not set. */
export const liveCallbackInputsSchema = inputObject({
  vhost: optionalScope(vhostName),
  domain: optionalScope(domainName),
  app: known(z.string({ error: "must be a string" }).trim().pipe(optionalAppName)).default(""),
  messageType: known(z.enum(MESSAGE_TYPES, { error: `must be one of ${MESSAGE_TYPES.join(", ")}` })),
  callbacks: known(
    z
      .array(
        known(
          inputObject(
            {
              url: known(trimmed(callbackUrl)),
              type: known(z.literal("http", { error: 'must be "http" (it covers https URLs too)' })).default("http"),
            },
            { error: mustBe("an object { url, type? }") },
          ),
        ),
        { error: mustBe("a list of callbacks") },
      )
      .min(1, "needs at least one callback URL"),
  ),
  transcodeCallback: known(z.boolean({ error: "must be true or false" })).default(false),
  authEnabled: known(z.boolean({ error: "must be true or false" })).default(false),
  authKey: known(z.string({ error: "must be a string" }).max(1024, "must be at most 1024 characters")).optional(),
  adopt: known(z.boolean({ error: "must be true or false" })).default(false),
}).superRefine((inputs, context) => {
  const scopeKnown = !isUnknown(inputs.vhost) && !isUnknown(inputs.domain);
  if (scopeKnown && (inputs.vhost === undefined) === (inputs.domain === undefined)) {
    context.addIssue({
      code: "custom",
      path: [inputs.vhost === undefined ? "vhost" : "domain"],
      message: "set exactly one of vhost and domain",
    });
  }
  if (inputs.domain !== undefined && !isUnknown(inputs.domain) && inputs.app !== "" && !isUnknown(inputs.app)) {
    context.addIssue({ code: "custom", path: ["app"], message: "cannot be set together with domain" });
  }
  if (
    inputs.transcodeCallback === true &&
    !isUnknown(inputs.messageType) &&
    !TRANSCODE_CALLBACK_TYPES.has(inputs.messageType)
  ) {
    context.addIssue({
      code: "custom",
      path: ["transcodeCallback"],
      message: "applies only to the push and push_end message types",
    });
  }
  if (inputs.authEnabled === true && (inputs.authKey === undefined || inputs.authKey === "")) {
    context.addIssue({ code: "custom", path: ["authKey"], message: "is required when authEnabled is true" });
  }
});

export interface CallbackTarget {
  url: string;
  type: "http";
}

export interface LiveCallbackInputs {
  vhost?: string;
  domain?: string;
  app: string;
  messageType: MessageType;
  callbacks: CallbackTarget[];
  transcodeCallback: boolean;
  authEnabled: boolean;
  authKey?: string;
  adopt: boolean;
}

/** `vhost:<vhost>:<app>:<type>` or `domain:<domain>::<type>`. Never carries the auth key. */
export function liveCallbackId(inputs: Pick<LiveCallbackInputs, "vhost" | "domain" | "app" | "messageType">): string {
  return inputs.domain !== undefined
    ? `domain:${inputs.domain}::${inputs.messageType}`
    : `vhost:${inputs.vhost}:${inputs.app}:${inputs.messageType}`;
}
