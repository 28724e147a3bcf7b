import type * as pulumi from "@pulumi/pulumi";

/** One URL a LiveCallback calls, as the program declares it. Changing any field updates the callback in place. */
export interface CallbackTargetArgs {
  /** An http:// or https:// URL, at most 100 characters. Surrounding whitespace is trimmed. */
  readonly url: pulumi.Input<string>;
  /** Always `http`, which covers https:// URLs too. Default `http`. */
  readonly type?: pulumi.Input<"http">;
}

/** One URL a LiveCallback calls, as its `callbacks` output reports it. */
export interface CallbackTarget {
  /** The http:// or https:// URL called. */
  readonly url: string;
  /** Always `http` (it covers https:// URLs too). */
  readonly type: "http";
}
