import { z } from "zod";
import type { LiveClient } from "../client/LiveClient";
import {
  appName,
  domainName,
  isPermanentWindow,
  MAX_SOURCES,
  relayWindowIssues,
  sourceUrl,
  streamName,
  unixSeconds,
} from "./fields";
import { listOrEmpty, orDefault } from "./lenient";
import { validateRequest } from "./validateRequest";

/** Fixed (scheduled or permanent) relay (固定回源), addressed by (Domain, App, Stream). */

export const MAX_LIST_PAGE_SIZE = 500;

const relayKeyShape = { Domain: domainName, App: appName, Stream: streamName };

const relaySpecSchema = z
  .strictObject({
    ...relayKeyShape,
    SrcAddrS: z
      .array(sourceUrl)
      .min(1, "needs at least one source address")
      .max(MAX_SOURCES, `allows at most ${MAX_SOURCES} source addresses`),
    StartTime: unixSeconds.optional(),
    EndTime: unixSeconds.optional(),
  })
  .superRefine((request, context) => {
    for (const issue of relayWindowIssues(request.StartTime, request.EndTime, { start: "StartTime", end: "EndTime" })) {
      context.addIssue({ code: "custom", path: [issue.path], message: issue.message });
    }
  })
  // Sent as the documented permanent form (no times), whatever the server makes of 0/0.
  .overwrite((request) => {
    if (!isPermanentWindow(request.StartTime, request.EndTime)) return request;
    const { StartTime: _start, EndTime: _end, ...permanent } = request;
    return permanent;
  });

const createRelaySourceV4RequestSchema = relaySpecSchema;
export type CreateRelaySourceV4Request = z.input<typeof createRelaySourceV4RequestSchema>;
const updateRelaySourceV4RequestSchema = relaySpecSchema;
export type UpdateRelaySourceV4Request = z.input<typeof updateRelaySourceV4RequestSchema>;

const deleteRelaySourceV4RequestSchema = z.strictObject(relayKeyShape);
export type DeleteRelaySourceV4Request = z.input<typeof deleteRelaySourceV4RequestSchema>;

const listRelaySourceV4RequestSchema = z.strictObject({
  Domain: domainName,
  Page: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
  Size: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(MAX_LIST_PAGE_SIZE, `must be at most ${MAX_LIST_PAGE_SIZE}`)
    .optional(),
});
export type ListRelaySourceV4Request = z.input<typeof listRelaySourceV4RequestSchema>;

const createRelaySourceV4ResultSchema = z.object({
  // Documented as a string; a numeric id is accepted and kept exact as text.
  TaskId: z.union([z.string().min(1), z.number().int().transform(String)]),
});
export type CreateRelaySourceV4Result = z.output<typeof createRelaySourceV4ResultSchema>;

const relaySourceV4ItemSchema = z.object({
  Domain: z.string(),
  App: z.string(),
  Stream: z.string(),
  SrcAddrS: listOrEmpty(z.string()),
  // A permanent relay reports 0 (or nothing) for both.
  StartTime: orDefault(z.number(), 0),
  EndTime: orDefault(z.number(), 0),
});
export type RelaySourceV4Item = z.output<typeof relaySourceV4ItemSchema>;

const paginationSchema = z.object({
  PageCur: z.number(),
  PageSize: z.number(),
  PageTotal: z.number(),
  TotalCount: z.number(),
});

export const listRelaySourceV4ResultSchema = orDefault(
  z.object({ List: listOrEmpty(relaySourceV4ItemSchema), Pagination: orDefault(paginationSchema, undefined) }),
  { List: [], Pagination: undefined },
);
export type ListRelaySourceV4Result = z.output<typeof listRelaySourceV4ResultSchema>;

/** Creates a relay and returns its TaskId. Never retried after it may have reached the server. */
export async function createRelaySourceV4(
  client: LiveClient,
  request: CreateRelaySourceV4Request,
  signal?: AbortSignal,
): Promise<CreateRelaySourceV4Result> {
  const body = validateRequest("CreateRelaySourceV4", createRelaySourceV4RequestSchema, request);
  return client.call("CreateRelaySourceV4", body, { result: createRelaySourceV4ResultSchema, signal });
}

/** Replaces the sources and window of the relay at (Domain, App, Stream); the key itself cannot change. */
export async function updateRelaySourceV4(
  client: LiveClient,
  request: UpdateRelaySourceV4Request,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("UpdateRelaySourceV4", updateRelaySourceV4RequestSchema, request);
  await client.call("UpdateRelaySourceV4", body, { result: z.unknown(), signal });
}

export async function deleteRelaySourceV4(
  client: LiveClient,
  request: DeleteRelaySourceV4Request,
  signal?: AbortSignal,
): Promise<void> {
  const body = validateRequest("DeleteRelaySourceV4", deleteRelaySourceV4RequestSchema, request);
  await client.call("DeleteRelaySourceV4", body, { result: z.unknown(), signal });
}

/** One page of the domain's relays. Items carry no TaskId. */
export async function listRelaySourceV4(
  client: LiveClient,
  request: ListRelaySourceV4Request,
  signal?: AbortSignal,
): Promise<ListRelaySourceV4Result> {
  const body = validateRequest("ListRelaySourceV4", listRelaySourceV4RequestSchema, request);
  return client.call("ListRelaySourceV4", body, { result: listRelaySourceV4ResultSchema, signal });
}
