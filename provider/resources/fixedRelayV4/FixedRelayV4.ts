import * as pulumi from "@pulumi/pulumi";
import { inDeclarationOrder } from "../inDeclarationOrder";
import { RESOURCE_TYPES } from "../resourceTypes";
import { sentProps } from "../sentProps";
import type { FixedRelayV4State } from "./FixedRelayV4State";

/** Unix seconds, an ISO-8601 date-time with a zone, or a Date. */
export type RelayTime = number | string | Date;

export interface FixedRelayV4Args {
  /** The play (pull) domain. Changing it replaces the resource. */
  domain: pulumi.Input<string>;
  /** Changing it replaces the resource. */
  app: pulumi.Input<string>;
  /** Changing it replaces the resource. */
  stream: pulumi.Input<string>;
  /** 1–10 source URLs (rtmp, rtmps, http(s) for FLV/HLS, srt), tried in this order. */
  sourceUrls: pulumi.Input<pulumi.Input<string>[]>;
  /** Start of a scheduled relay; set both times or neither (a permanent relay). */
  startTime?: pulumi.Input<RelayTime>;
  /** End of a scheduled relay: after startTime, at most 7 days later. */
  endTime?: pulumi.Input<RelayTime>;
  /** Take over a relay that already exists at this key instead of failing. Only read on create. */
  adopt?: pulumi.Input<boolean>;
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
  declare readonly domain: pulumi.Output<string>;
  declare readonly app: pulumi.Output<string>;
  declare readonly stream: pulumi.Output<string>;
  declare readonly sourceUrls: pulumi.Output<string[]>;
  /** Unix seconds; undefined for a permanent relay. */
  declare readonly startTime: pulumi.Output<number | undefined>;
  declare readonly endTime: pulumi.Output<number | undefined>;
  declare readonly taskId: pulumi.Output<string>;
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
