import type * as pulumi from "@pulumi/pulumi";
import type { RelayProtocol } from "../../api/RelayProtocol";

/** One origin of a RelayGroupV3, as the program declares it. Changing any field updates the group in place. */
export interface RelayServerArgs {
  /** How the edge pulls from this origin: `rtmp`, or `flv` (HTTP-FLV). */
  readonly protocol: pulumi.Input<RelayProtocol>;
  /**
   * The origin: a host name or IPv4 address, optionally followed by `:port` (1–65535), e.g. `origin.example.com:1935`.
   * Surrounding whitespace is trimmed.
   */
  readonly domain: pulumi.Input<string>;
  /**
   * Query parameters added to the pull request, e.g. `{ token: "…" }`. Names must not be empty; values are strings.
   * Default: none.
   */
  readonly params?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** One origin of a RelayGroupV3, as its `servers` output reports it. */
export interface RelayServer {
  /** `rtmp` or `flv` (HTTP-FLV). */
  readonly protocol: RelayProtocol;
  /** The origin's host, optionally with `:port`. */
  readonly domain: string;
  /** Query parameters added to the pull request; `{}` when none. */
  readonly params: Record<string, string>;
}
