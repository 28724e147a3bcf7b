import { z } from "zod";
import type { LiveClient } from "../client/LiveClient";
import { callbackUrl, domainName, MESSAGE_TYPES, optionalAppName, TRANSCODE_CALLBACK_TYPES, vhostName } from "./fields";
import { listOrEmpty, orDefault } from "./lenient";
import { validateRequest } from "./validateRequest";

/** Stream event callbacks, addressed by (Vhost | Domain, App, MessageType). */

const messageType = z.enum(MESSAGE_TYPES, { error: `must be one of ${MESSAGE_TYPES.join(", ")}` });

/** Exactly one of Vhost and Domain; App only with Vhost. */
function scopeIssues(
  request: { Vhost?: string | undefined; Domain?: string | undefined; App?: string | undefined },
  context: z.RefinementCtx,
): void {
  const hasVhost = request.Vhost !== undefined && request.Vhost !== "";
  const hasDomain = request.Domain !== undefined && request.Domain !== "";
  if (hasVhost === hasDomain) {
    context.addIssue({
      code: "custom",
      path: [hasVhost ? "Domain" : "Vhost"],
      message: "exactly one of Vhost and Domain must be set",
    });
  }
  if (hasDomain && request.App !== undefined && request.App !== "") {
    context.addIssue({ code: "custom", path: ["App"], message: "must not be set together with Domain" });
  }
}

// An empty Vhost or Domain means "not this one"; it is dropped from the body so the service sees exactly one.
const scopeShape = {
  Vhost: z.union([z.literal(""), vhostName]).optional(),
  Domain: z.union([z.literal(""), domainName]).optional(),
  App: optionalAppName.optional(),
};

function withoutEmptyScope<
  T extends { Vhost?: string | undefined; Domain?: string | undefined; App?: string | undefined },
>(request: T): T {
  const body = { ...request };
  if (body.Vhost === "") delete body.Vhost;
  if (body.Domain === "") delete body.Domain;
  if (body.Domain !== undefined && body.App === "") delete body.App;
  return body;
}

const callbackDetailSchema = z.strictObject({
  CallbackType: z.literal("http", { error: 'must be "http" (it covers http:// and https:// URLs)' }),
  URL: callbackUrl,
});

const updateCallbackRequestSchema = z
  .strictObject({
    ...scopeShape,
    MessageType: messageType,
    CallbackDetailList: z.array(callbackDetailSchema).min(1, "needs at least one callback URL"),
    TranscodeCallback: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
    AuthEnable: z.boolean().optional(),
    AuthKeyPrimary: z.string().max(1024, "must be at most 1024 characters").optional(),
  })
  .superRefine((request, context) => {
    scopeIssues(request, context);
    if (request.TranscodeCallback === 1 && !TRANSCODE_CALLBACK_TYPES.has(request.MessageType)) {
      context.addIssue({
        code: "custom",
        path: ["TranscodeCallback"],
        message: "applies only to the push and push_end message types",
      });
    }
    if (request.AuthEnable === true && (request.AuthKeyPrimary === undefined || request.AuthKeyPrimary === "")) {
      context.addIssue({ code: "custom", path: ["AuthKeyPrimary"], message: "is required when AuthEnable is true" });
    }
  })
  .transform(withoutEmptyScope);
export type UpdateCallbackRequest = z.input<typeof updateCallbackRequestSchema>;

/**
 * DeleteCallback accepts every field as optional and deletes broadly when one is left out; this client always
 * requires the full key (scope and MessageType) so a call can remove only the configuration it names.
 */
const deleteCallbackRequestSchema = z
  .strictObject({ ...scopeShape, MessageType: messageType })
  .superRefine(scopeIssues)
  .transform(withoutEmptyScope);
export type DeleteCallbackRequest = z.input<typeof deleteCallbackRequestSchema>;

const describeCallbackRequestSchema = z
  .strictObject({ ...scopeShape, MessageType: messageType.optional() })
  .superRefine(scopeIssues)
  .transform(withoutEmptyScope);
export type DescribeCallbackRequest = z.input<typeof describeCallbackRequestSchema>;

const callbackConfigSchema = z.object({
  Vhost: z.string(),
  App: orDefault(z.string(), ""),
  MessageType: z.string(),
  TranscodeCallback: orDefault(z.number(), 0),
  AuthEnable: orDefault(z.boolean(), false),
  AuthKeyPrimary: orDefault(z.string(), undefined),
  CreateTime: z.string().nullish(),
  CreateTimeUTC: z.string().nullish(),
  CallbackDetailList: listOrEmpty(
    // The documented value is "http"; the examples spell it "HTTP", which must not read as a change.
    z.object({ CallbackType: z.string().transform((type) => type.toLowerCase()), URL: z.string() }),
  ),
});
export type CallbackConfig = z.output<typeof callbackConfigSchema>;

export const describeCallbackResultSchema = orDefault(z.object({ CallbackList: listOrEmpty(callbackConfigSchema) }), {
  CallbackList: [],
});
export type DescribeCallbackResult = z.output<typeof describeCallbackResultSchema>;

/** Adds or fully replaces the callback configuration at its key. */
export async function updateCallback(
  client: LiveClient,
  request: UpdateCallbackRequest,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("UpdateCallback", updateCallbackRequestSchema, request);
  await client.call("UpdateCallback", body, { result: z.unknown(), signal });
}

export async function deleteCallback(
  client: LiveClient,
  request: DeleteCallbackRequest,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("DeleteCallback", deleteCallbackRequestSchema, request);
  await client.call("DeleteCallback", body, { result: z.unknown(), signal });
}

/** Items report `Vhost` (never `Domain`) and may include AuthKeyPrimary, possibly masked. */
export async function describeCallback(
  client: LiveClient,
  request: DescribeCallbackRequest,
  signal?: AbortSignal,
): Promise<DescribeCallbackResult> {
  const body = validateRequest("DescribeCallback", describeCallbackRequestSchema, request);
  return client.call("DescribeCallback", body, { result: describeCallbackResultSchema, signal });
}
