import { z } from "zod";
import type { LiveClient } from "../client/LiveClient";
import type { SameShape } from "../validation/SameShape";
import { CALLBACK_MESSAGE_TYPES, type CallbackMessageType } from "./CallbackMessageType";
import { callbackUrl, domainName, optionalAppName, TRANSCODE_CALLBACK_TYPES, vhostName } from "./fields";
import { listOrEmpty, orDefault } from "./lenient";
import { validateRequest } from "./validateRequest";

/** Stream event callbacks, addressed by (Vhost | Domain, App, MessageType). */

/**
 * Which callback configuration: exactly one of Vhost and Domain (an empty one counts as not set); App only with
 * Vhost.
 */
export interface CallbackScope {
  /** The push domain space, 1–60 characters of `A-Za-z0-9_.-`. */
  readonly Vhost?: string;
  /** The push domain. */
  readonly Domain?: string;
  /** The App (1–30 characters of `A-Za-z0-9_.-`); empty or absent is the vhost-level configuration. */
  readonly App?: string;
}

/** One URL a callback configuration calls. */
export interface CallbackDetail {
  /** Always `http`: it covers http:// and https:// URLs. */
  readonly CallbackType: "http";
  /** An http:// or https:// URL, at most 100 characters. */
  readonly URL: string;
}

/** UpdateCallback: adds or fully replaces the configuration at (scope, MessageType). */
export interface UpdateCallbackRequest extends CallbackScope {
  readonly MessageType: CallbackMessageType;
  /** At least one URL, called in this order. */
  readonly CallbackDetailList: readonly CallbackDetail[];
  /** 1: also report transcoded streams (push and push_end only). Default 0. */
  readonly TranscodeCallback?: 0 | 1;
  /** Sign callbacks with AuthKeyPrimary. Default false. */
  readonly AuthEnable?: boolean;
  /** The signing key, at most 1024 characters; required when AuthEnable is true. */
  readonly AuthKeyPrimary?: string;
}

/** DeleteCallback: the full key is required, so a call removes only the configuration it names. */
export interface DeleteCallbackRequest extends CallbackScope {
  readonly MessageType: CallbackMessageType;
}

/** DescribeCallback: the scope's configurations, of one MessageType or of all. */
export interface DescribeCallbackRequest extends CallbackScope {
  /** Absent: every message type of the scope. */
  readonly MessageType?: CallbackMessageType;
}

/** One URL of a described configuration. */
export interface CallbackConfigDetail {
  /** Lower-cased (`http`): the service's examples spell it `HTTP`. */
  readonly CallbackType: string;
  readonly URL: string;
}

/** A callback configuration as DescribeCallback reports it; absent optional fields read as their defaults. */
export interface CallbackConfig {
  /** Reported for Domain-scoped configurations too (never `Domain`). */
  readonly Vhost: string;
  /** "" for the vhost-level configuration. */
  readonly App: string;
  readonly MessageType: string;
  /** 0 or 1; 0 when absent. */
  readonly TranscodeCallback: number;
  /** false when absent. */
  readonly AuthEnable: boolean;
  /** As stored, or masked by the service; undefined when absent. */
  readonly AuthKeyPrimary: string | undefined;
  readonly CreateTime?: string | null | undefined;
  readonly CreateTimeUTC?: string | null | undefined;
  /** Empty when absent. */
  readonly CallbackDetailList: readonly CallbackConfigDetail[];
}

/** DescribeCallback's answer: an absent list reads as empty. */
export interface DescribeCallbackResult {
  readonly CallbackList: readonly CallbackConfig[];
}

const messageType = z.enum(CALLBACK_MESSAGE_TYPES, { error: `must be one of ${CALLBACK_MESSAGE_TYPES.join(", ")}` });

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
const _updateMatches: SameShape<UpdateCallbackRequest, z.input<typeof updateCallbackRequestSchema>> = true;

/**
 * DeleteCallback accepts every field as optional and deletes broadly when one is left out; this client always
 * requires the full key (scope and MessageType) so a call can remove only the configuration it names.
 */
const deleteCallbackRequestSchema = z
  .strictObject({ ...scopeShape, MessageType: messageType })
  .superRefine(scopeIssues)
  .transform(withoutEmptyScope);
const _deleteMatches: SameShape<DeleteCallbackRequest, z.input<typeof deleteCallbackRequestSchema>> = true;

const describeCallbackRequestSchema = z
  .strictObject({ ...scopeShape, MessageType: messageType.optional() })
  .superRefine(scopeIssues)
  .transform(withoutEmptyScope);
const _describeMatches: SameShape<DescribeCallbackRequest, z.input<typeof describeCallbackRequestSchema>> = true;

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
const describeCallbackResultSchema = orDefault(z.object({ CallbackList: listOrEmpty(callbackConfigSchema) }), {
  CallbackList: [],
});
const _resultMatches: SameShape<DescribeCallbackResult, z.output<typeof describeCallbackResultSchema>> = true;

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
