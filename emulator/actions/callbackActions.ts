import { z } from "zod";
import type { CallbackConfig } from "../world/WorldState";
import type { ActionHandler } from "./ActionHandler";
import { missing } from "./relaySourceV3Actions";
import { DOMAIN, MESSAGE_TYPES, NAME, parseBody } from "./validation";

/** What DescribeCallback shows instead of the key in `callbackAuthKey: masked` mode. */
export const MASKED_AUTH_KEY = "******";

const vhost = z.string().max(60, "must be 1-60 characters").regex(NAME, "must match [A-Za-z0-9_.-]");
const domain = z.string().max(253, "is too long").regex(DOMAIN, "must be a domain name");
const app = z.string().max(30, "must be 1-30 characters").regex(NAME, "must match [A-Za-z0-9_.-]");
const messageType = z
  .string()
  .pipe(z.enum(MESSAGE_TYPES, { error: `should be one of {[${MESSAGE_TYPES.join(" ")}]}` }));
/** Describe's and Delete's filter: empty means all types, as the documentation says, the same as leaving it out. */
const messageTypeFilter = z
  .string()
  .pipe(z.union([z.literal("").transform(() => undefined), messageType]))
  .optional();

interface Scope {
  Vhost?: string | undefined;
  Domain?: string | undefined;
  App?: string | undefined;
}

function scopeRule(request: Scope, context: z.RefinementCtx): void {
  if (Boolean(request.Vhost) === Boolean(request.Domain)) {
    context.addIssue({ code: "custom", path: ["Vhost"], message: "exactly one of Vhost and Domain must be passed" });
  } else if (request.Domain && request.App) {
    context.addIssue({ code: "custom", path: ["App"], message: "must not be passed together with Domain" });
  }
}

// Type first (a wrong JSON type is a BindError), then the rules.
const scopeShape = {
  Vhost: z
    .string()
    .pipe(z.union([z.literal(""), vhost]))
    .optional(),
  Domain: z
    .string()
    .pipe(z.union([z.literal(""), domain]))
    .optional(),
  App: z
    .string()
    .pipe(z.union([z.literal(""), app]))
    .optional(),
};

const updateSchema = z
  .object({
    ...scopeShape,
    MessageType: messageType,
    CallbackDetailList: z
      .array(
        z.object({
          // The examples spell it "HTTP"; it is kept as the documented value, "http".
          CallbackType: z
            .string()
            .transform((type) => type.toLowerCase())
            .pipe(z.literal("http", { error: "should be http" })),
          URL: z
            .string()
            .min(1, "is required")
            .max(100, "must be 1-100 characters")
            .regex(/^https?:\/\/[^\s/]+/, "must be an http or https URL"),
        }),
      )
      .min(1, "must not be empty"),
    // Takes effect only for push and push_end (documented), yet is not refused for other types.
    TranscodeCallback: z
      .number()
      .pipe(z.union([z.literal(0), z.literal(1)], { error: "should be 0 or 1" }))
      .optional(),
    AuthEnable: z.boolean().optional(),
    AuthKeyPrimary: z.string().optional(),
  })
  .superRefine((request, context) => {
    scopeRule(request, context);
    if (request.AuthEnable === true && !request.AuthKeyPrimary) {
      context.addIssue({ code: "custom", path: ["AuthKeyPrimary"], message: "is required when AuthEnable is true" });
    }
  });

const describeSchema = z.object({ ...scopeShape, MessageType: messageTypeFilter }).superRefine(scopeRule);
const deleteSchema = z.object({ ...scopeShape, MessageType: messageTypeFilter }).superRefine(scopeRule);

/** Whether a stored config falls under a request's (possibly partial) key: omitted fields match everything. */
function matches(config: CallbackConfig, request: Scope & { MessageType?: string | undefined }, appWildcard: boolean) {
  if (request.Vhost ? config.Vhost !== request.Vhost : config.Vhost !== "") return false;
  if (request.Domain ? config.Domain !== request.Domain : config.Domain !== "") return false;
  if (request.App ? config.App !== request.App : !appWildcard && config.App !== "") return false;
  return request.MessageType === undefined || config.MessageType === request.MessageType;
}

const update: ActionHandler = (context, body) => {
  const request = parseBody(updateSchema, body);
  const created = context.now;
  const config: CallbackConfig = {
    Vhost: request.Vhost ?? "",
    Domain: request.Domain ?? "",
    App: request.App ?? "",
    MessageType: request.MessageType,
    CallbackDetailList: request.CallbackDetailList.map((item) => ({ CallbackType: item.CallbackType, URL: item.URL })),
    TranscodeCallback: request.TranscodeCallback ?? 0,
    AuthEnable: request.AuthEnable ?? false,
    AuthKeyPrimary: request.AuthKeyPrimary ?? "",
    CreateTime: beijingTime(created),
    CreateTimeUTC: created.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  context.world.commit(context.accessKeyId, (account) => {
    const index = account.callbacks.findIndex((candidate) => matches(candidate, config, false));
    const previous = account.callbacks[index];
    // A full replacement of every parameter; only the creation time survives.
    const next = structuredClone(
      previous === undefined
        ? config
        : { ...config, CreateTime: previous.CreateTime, CreateTimeUTC: previous.CreateTimeUTC },
    );
    if (index >= 0) account.callbacks[index] = next;
    else account.callbacks.push(next);
  });
  return undefined;
};

const remove: ActionHandler = (context, body) => {
  const request = parseBody(deleteSchema, body);
  const appWildcard = request.App === undefined;
  const hits = context.world
    .committedAccount(context.accessKeyId)
    .callbacks.filter((config) => matches(config, request, appWildcard));
  if (hits.length === 0) {
    return missing(
      context,
      `callback config ${request.Vhost || request.Domain || ""}/${request.App ?? "*"}/${request.MessageType ?? "*"}`,
    );
  }
  context.world.commit(context.accessKeyId, (account) => {
    account.callbacks = account.callbacks.filter((config) => !matches(config, request, appWildcard));
  });
  return undefined;
};

const describe: ActionHandler = (context, body) => {
  const request = parseBody(describeSchema, body);
  const masked = context.world.modes.callbackAuthKey === "masked";
  const list = context.world
    .visibleAccount(context.accessKeyId)
    .callbacks.filter((config) => matches(config, request, true))
    .map((config) => ({
      // Items name the scope as Vhost even for a Domain-scoped config: the service's items have no Domain field.
      Vhost: config.Vhost || config.Domain,
      App: config.App,
      MessageType: config.MessageType,
      TranscodeCallback: config.TranscodeCallback,
      AuthEnable: config.AuthEnable,
      AuthKeyPrimary: masked && config.AuthKeyPrimary !== "" ? MASKED_AUTH_KEY : config.AuthKeyPrimary,
      CreateTime: config.CreateTime,
      CreateTimeUTC: config.CreateTimeUTC,
      CallbackDetailList: structuredClone(config.CallbackDetailList),
    }));
  return { CallbackList: list };
};

/** The legacy `CreateTime` form, Beijing time with its offset: `2021-01-02T15:04:05+08:00`. */
function beijingTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export const callbackActions: Record<string, ActionHandler> = {
  UpdateCallback: update,
  DeleteCallback: remove,
  DescribeCallback: describe,
};
