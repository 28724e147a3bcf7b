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
import type { SameShape } from "../validation/SameShape";
import { listOrEmpty, orDefault } from "./lenient";
import { validateRequest } from "./validateRequest";

/** Fixed (scheduled or permanent) relay (固定回源), addressed by (Domain, App, Stream). */

export const MAX_LIST_PAGE_SIZE = 500;

/** Which fixed relay: DeleteRelaySourceV4 takes exactly this. */
export interface DeleteRelaySourceV4Request {
  /** The play (pull) domain. */
  readonly Domain: string;
  /** 1–30 characters of `A-Za-z0-9_.-`. */
  readonly App: string;
  /** 1–100 characters of `A-Za-z0-9_.-`. */
  readonly Stream: string;
}

/**
 * CreateRelaySourceV4: a relay at (Domain, App, Stream), permanent without times (or with both 0), else scheduled.
 */
export interface CreateRelaySourceV4Request extends DeleteRelaySourceV4Request {
  /** 1–10 source URLs (rtmp, rtmps, http(s), srt), tried in this order. */
  readonly SrcAddrS: readonly string[];
  /** Unix seconds; set both times or neither. */
  readonly StartTime?: number;
  /** Unix seconds: after StartTime, at most 7 days later. */
  readonly EndTime?: number;
}

/** UpdateRelaySourceV4: replaces the sources and window of the relay at (Domain, App, Stream). */
export type UpdateRelaySourceV4Request = CreateRelaySourceV4Request;

/** ListRelaySourceV4: one page of the domain's relays. */
export interface ListRelaySourceV4Request {
  readonly Domain: string;
  /** From 1. */
  readonly Page?: number;
  /** 1–500. */
  readonly Size?: number;
}

/** CreateRelaySourceV4's answer. */
export interface CreateRelaySourceV4Result {
  /** The created relay's task ID, as text (a numeric one is kept exact). */
  readonly TaskId: string;
}

/** A fixed relay as ListRelaySourceV4 reports it (without its TaskId). */
export interface RelaySourceV4Item {
  readonly Domain: string;
  readonly App: string;
  readonly Stream: string;
  /** Empty when absent. */
  readonly SrcAddrS: readonly string[];
  /** Unix seconds; 0 for a permanent relay (also when absent). */
  readonly StartTime: number;
  /** Unix seconds; 0 for a permanent relay (also when absent). */
  readonly EndTime: number;
}

/** Where a ListRelaySourceV4 page lies. */
export interface RelaySourceV4Pagination {
  readonly PageCur: number;
  readonly PageSize: number;
  readonly PageTotal: number;
  readonly TotalCount: number;
}

/** ListRelaySourceV4's answer: an absent Result or list reads as an empty page. */
export interface ListRelaySourceV4Result {
  /** Empty when absent. */
  readonly List: readonly RelaySourceV4Item[];
  /** Undefined when the service sends none. */
  readonly Pagination: RelaySourceV4Pagination | undefined;
}

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
const updateRelaySourceV4RequestSchema = relaySpecSchema;
const _specMatches: SameShape<CreateRelaySourceV4Request, z.input<typeof relaySpecSchema>> = true;

const deleteRelaySourceV4RequestSchema = z.strictObject(relayKeyShape);
const _deleteMatches: SameShape<DeleteRelaySourceV4Request, z.input<typeof deleteRelaySourceV4RequestSchema>> = true;

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
const _listMatches: SameShape<ListRelaySourceV4Request, z.input<typeof listRelaySourceV4RequestSchema>> = true;

const createRelaySourceV4ResultSchema = z.object({
  // Documented as a string; a numeric id is accepted and kept exact as text.
  TaskId: z.union([z.string().min(1), z.number().int().transform(String)]),
});
const _createdMatches: SameShape<CreateRelaySourceV4Result, z.output<typeof createRelaySourceV4ResultSchema>> = true;

const relaySourceV4ItemSchema = z.object({
  Domain: z.string(),
  App: z.string(),
  Stream: z.string(),
  SrcAddrS: listOrEmpty(z.string()),
  // A permanent relay reports 0 (or nothing) for both.
  StartTime: orDefault(z.number(), 0),
  EndTime: orDefault(z.number(), 0),
});

const paginationSchema = z.object({
  PageCur: z.number(),
  PageSize: z.number(),
  PageTotal: z.number(),
  TotalCount: z.number(),
});

const listRelaySourceV4ResultSchema = orDefault(
  z.object({ List: listOrEmpty(relaySourceV4ItemSchema), Pagination: orDefault(paginationSchema, undefined) }),
  { List: [], Pagination: undefined },
);
const _listedMatches: SameShape<ListRelaySourceV4Result, z.output<typeof listRelaySourceV4ResultSchema>> = true;

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
