/** How a play-triggered relay pulls from an origin: RTMP, or HTTP-FLV. */
export const RELAY_PROTOCOLS = ["rtmp", "flv"] as const;
export type RelayProtocol = (typeof RELAY_PROTOCOLS)[number];
