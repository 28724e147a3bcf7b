/**
 * The module and type names of each resource's type token, `pulumi-nodejs:dynamic/volcengine-live:<Type>`. They
 * are part of every resource's URN: changing them would make Pulumi replace users' resources. Fixed forever.
 */
export const MODULE = "volcengine-live";
export const TYPES = {
  RelayGroupV3: "RelayGroupV3",
  FixedRelayV4: "FixedRelayV4",
  LiveCallback: "LiveCallback",
} as const;
