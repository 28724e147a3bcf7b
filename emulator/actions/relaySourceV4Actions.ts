import { z } from "zod";
import { ApiFailure, live } from "../http/ApiFailure";
import type { RelaySourceV4Config } from "../world/WorldState";
import type { ActionHandler } from "./ActionHandler";
import { missing } from "./relaySourceV3Actions";
import { DOMAIN, NAME, parseBody, SEVEN_DAYS } from "./validation";

const domain = z.string().min(1, "is required").max(253, "is too long").regex(DOMAIN, "must be a domain name");
const app = z
  .string()
  .min(1, "is required")
  .max(30, "must be 1-30 characters")
  .regex(NAME, "must match [A-Za-z0-9_.-]");
const stream = z
  .string()
  .min(1, "is required")
  .max(100, "must be 1-100 characters")
  .regex(NAME, "must match [A-Za-z0-9_.-]");
const int32 = z.number().int("must be an integer").min(0, "must not be negative").max(2_147_483_647, "must fit int32");
/** Unix seconds; a numeric string too, as the CreateRelaySourceV4 document's own example body sends them. */
const unixTime = z.preprocess(
  (value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value),
  int32,
);
const sourceUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return ["rtmp:", "rtmps:", "http:", "https:", "srt:"].includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be an RTMP, FLV, HLS or SRT source URL");

const keyShape = { Domain: domain, App: app, Stream: stream };
const specSchema = z
  .object({
    ...keyShape,
    SrcAddrS: z.array(sourceUrl).min(1, "must not be empty").max(10, "allows at most 10 source addresses"),
    StartTime: unixTime.optional(),
    EndTime: unixTime.optional(),
  })
  .superRefine((request, context) => {
    // 0 and 0 is how ListRelaySourceV4 reports a permanent relay: written back, it means the same as neither.
    const permanent = request.StartTime === 0 && request.EndTime === 0;
    const start = permanent ? undefined : request.StartTime;
    const end = permanent ? undefined : request.EndTime;
    if ((start === undefined) !== (end === undefined)) {
      context.addIssue({ code: "custom", path: ["EndTime"], message: "StartTime and EndTime must be set together" });
    } else if (start !== undefined && end !== undefined) {
      if (end <= start) {
        context.addIssue({ code: "custom", path: ["EndTime"], message: "must be later than StartTime" });
      } else if (end - start > SEVEN_DAYS) {
        context.addIssue({ code: "custom", path: ["EndTime"], message: "the relay may last at most 7 days" });
      }
    }
  });
const keySchema = z.object(keyShape);
const listSchema = z.object({
  Domain: domain,
  Page: z.number().int("must be an integer").optional(),
  Size: z.number().int("must be an integer").optional(),
});

function find(configs: RelaySourceV4Config[], key: { Domain: string; App: string; Stream: string }) {
  return configs.find(
    (config) => config.Domain === key.Domain && config.App === key.App && config.Stream === key.Stream,
  );
}

const create: ActionHandler = (context, body) => {
  const request = parseBody(specSchema, body);
  if (find(context.world.committedAccount(context.accessKeyId).relaySourcesV4, request) !== undefined) {
    throw live.invalidParam(
      `a fixed relay config for ${request.Domain}/${request.App}/${request.Stream} already exists`,
    );
  }
  const taskId = String(context.taskIdBase + context.world.nextTaskNumber());
  const config: RelaySourceV4Config = {
    Domain: request.Domain,
    App: request.App,
    Stream: request.Stream,
    SrcAddrS: [...request.SrcAddrS],
    StartTime: request.StartTime ?? 0,
    EndTime: request.EndTime ?? 0,
    TaskId: taskId,
  };
  context.world.commit(context.accessKeyId, (account, world) => {
    account.relaySourcesV4.push(structuredClone(config));
    world.nextTaskId += 1;
  });
  return { TaskId: taskId };
};

const update: ActionHandler = (context, body) => {
  const request = parseBody(specSchema, body);
  if (find(context.world.committedAccount(context.accessKeyId).relaySourcesV4, request) === undefined) {
    throw live.invalidParam(`fixed relay config ${request.Domain}/${request.App}/${request.Stream} does not exist`);
  }
  context.world.commit(context.accessKeyId, (account) => {
    const config = find(account.relaySourcesV4, request);
    if (config === undefined) return;
    config.SrcAddrS = [...request.SrcAddrS];
    config.StartTime = request.StartTime ?? 0;
    config.EndTime = request.EndTime ?? 0;
  });
  return undefined;
};

const remove: ActionHandler = (context, body) => {
  const request = parseBody(keySchema, body);
  if (find(context.world.committedAccount(context.accessKeyId).relaySourcesV4, request) === undefined) {
    return missing(context, `fixed relay config ${request.Domain}/${request.App}/${request.Stream}`);
  }
  context.world.commit(context.accessKeyId, (account) => {
    account.relaySourcesV4 = account.relaySourcesV4.filter(
      (config) => !(config.Domain === request.Domain && config.App === request.App && config.Stream === request.Stream),
    );
  });
  return undefined;
};

const list: ActionHandler = (context, body) => {
  const request = parseBody(listSchema, body);
  const page = request.Page ?? 1;
  const size = request.Size ?? 20;
  // PageCur echoes Page, and ListRelaySourceV4ResResultPagination.PageCur is an int32.
  if (page < 1 || page > 2_147_483_647) throw outOfRange("Page", 1, 2_147_483_647);
  if (size < 1 || size > 500) throw outOfRange("Size", 1, 500);
  const all = context.world
    .visibleAccount(context.accessKeyId)
    .relaySourcesV4.filter((config) => config.Domain === request.Domain);
  const items = all.slice((page - 1) * size, page * size).map((config) => ({
    Domain: config.Domain,
    App: config.App,
    Stream: config.Stream,
    SrcAddrS: [...config.SrcAddrS],
    StartTime: config.StartTime,
    EndTime: config.EndTime,
  }));
  return {
    List: items,
    Pagination: { PageCur: page, PageSize: size, PageTotal: Math.ceil(all.length / size), TotalCount: all.length },
  };
};

function outOfRange(field: string, min: number, max: number): ApiFailure {
  return live.outOfRange(field, min, max);
}

export const relaySourceV4Actions: Record<string, ActionHandler> = {
  CreateRelaySourceV4: create,
  UpdateRelaySourceV4: update,
  DeleteRelaySourceV4: remove,
  ListRelaySourceV4: list,
};
