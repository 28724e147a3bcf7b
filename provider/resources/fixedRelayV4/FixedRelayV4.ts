import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import { RESOURCE_TYPES } from "../resourceTypes";
import { sentProps } from "../sentProps";
import type { FixedRelayV4State } from "./FixedRelayV4State";

/**
 * A point in time: Unix seconds, an ISO-8601 date-time string with a zone (e.g. `2026-01-01T08:00:00Z`), or a Date.
 * Stored as Unix seconds.
 */
export type RelayTime = number | string | Date;

/** The arguments of a FixedRelayV4. The resource's ID is `domain:app:stream`. */
export interface FixedRelayV4Args {
  /** The play (pull) domain the relayed stream is served on. Changing it replaces the resource. */
  readonly domain: pulumi.Input<string>;
  /** The stream's App: 1–30 characters of `A-Za-z0-9_.-`. Changing it replaces the resource. */
  readonly app: pulumi.Input<string>;
  /** The stream's name: 1–100 characters of `A-Za-z0-9_.-`. Changing it replaces the resource. */
  readonly stream: pulumi.Input<string>;
  /**
   * 1–10 source URLs (rtmp://, rtmps://, http(s):// for FLV or HLS, srt://; at most 1024 characters each), tried in
   * this order. Changing them updates the relay in place.
   */
  readonly sourceUrls: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Start of a scheduled relay. Set both times or neither: without them (or with both 0) the relay is permanent.
   * Changing it updates the relay in place.
   */
  readonly startTime?: pulumi.Input<RelayTime>;
  /** End of a scheduled relay: after startTime, at most 7 days later. Changing it updates the relay in place. */
  readonly endTime?: pulumi.Input<RelayTime>;
  /**
   * Take over a relay that already exists at this key instead of failing. Default false. Only read on create:
   * changing it later has no effect.
   */
  readonly adopt?: pulumi.Input<boolean>;
}

/** Dates become Unix seconds here: the engine would turn a Date into an empty object. */
function toWireTime(time: pulumi.Input<RelayTime> | undefined): pulumi.Input<number | string> | undefined {
  const convert = (value: RelayTime) => (value instanceof Date ? Math.floor(value.getTime() / 1000) : value);
  if (time === undefined) return undefined;
  if (pulumi.Output.isInstance(time)) return time.apply(convert);
  if (time instanceof Promise) return time.then(convert);
  return convert(time as RelayTime);
}

/**
 * A fixed relay (固定回源): the edge pulls `domain/app/stream` from the source URLs, permanently or between
 * startTime and endTime. ID `domain:app:stream`. `taskId` is the TaskId CreateRelaySourceV4 returned; it is empty
 * when unknowable (an adopted relay, or a create whose answer was lost and was confirmed by listing).
 */
export class FixedRelayV4 extends pulumi.CustomResource {
  /** The play (pull) domain the relayed stream is served on. */
  declare readonly domain: pulumi.Output<string>;
  /** The stream's App. */
  declare readonly app: pulumi.Output<string>;
  /** The stream's name. */
  declare readonly stream: pulumi.Output<string>;
  /** The source URLs, in the order they are tried. */
  declare readonly sourceUrls: pulumi.Output<string[]>;
  /** Start of the relay in Unix seconds; undefined for a permanent relay. */
  declare readonly startTime: pulumi.Output<number | undefined>;
  /** End of the relay in Unix seconds; undefined for a permanent relay. */
  declare readonly endTime: pulumi.Output<number | undefined>;
  /**
   * The TaskId CreateRelaySourceV4 returned. Empty when unknowable: an adopted relay, or a create whose answer was
   * lost and that was confirmed by listing.
   */
  declare readonly taskId: pulumi.Output<string>;
  /** Whether the resource was allowed to take over an existing relay on create. */
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: FixedRelayV4Args, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      // An output: declared here so the engine fills it, unless a caller passed it (check then refuses it).
      taskId: undefined,
      // Every own argument, misspelt ones too (JavaScript has no type check), so check names what it does not know.
      ...args,
      domain: args.domain,
      app: args.app,
      stream: args.stream,
      sourceUrls: args.sourceUrls,
      startTime: toWireTime(args.startTime),
      endTime: toWireTime(args.endTime),
      adopt: args.adopt ?? false,
      __provider: RESOURCE_TYPES.FixedRelayV4.providerText,
    };
    super(RESOURCE_TYPES.FixedRelayV4.token, name, sentProps(props, args, opts), inDeclarationOrder(opts));
  }

  /**
   * An existing relay, read from the service without being managed: `destroy` leaves it in place. The ID
   * (`domain:app:stream`) names it; see FixedRelayV4State for what `state` may add. Fails when no relay has that ID.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: FixedRelayV4State,
    opts?: pulumi.CustomResourceOptions,
  ): FixedRelayV4 {
    return new FixedRelayV4(name, (state ?? {}) as unknown as FixedRelayV4Args, { ...opts, id });
  }
}
