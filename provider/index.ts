export type { CallbackMessageType } from "./api/CallbackMessageType";
export {
  type CallbackConfig,
  type CallbackConfigDetail,
  type CallbackDetail,
  type CallbackScope,
  type DeleteCallbackRequest,
  type DescribeCallbackRequest,
  type DescribeCallbackResult,
  deleteCallback,
  describeCallback,
  type UpdateCallbackRequest,
  updateCallback,
} from "./api/callback";
export { listAllRelaySourcesV4 } from "./api/listAllRelaySourcesV4";
export {
  type DeleteRelaySourceV3Request,
  type DescribeRelaySourceV3Request,
  type DescribeRelaySourceV3Result,
  deleteRelaySourceV3,
  describeRelaySourceV3,
  type RelayGroupDetail,
  type RelaySourceServer,
  type RelaySourceV3Config,
  type RelaySourceV3Group,
  type RelaySourceV3Server,
  type UpdateRelaySourceV3Request,
  updateRelaySourceV3,
} from "./api/relaySourceV3";
export {
  type CreateRelaySourceV4Request,
  type CreateRelaySourceV4Result,
  createRelaySourceV4,
  type DeleteRelaySourceV4Request,
  deleteRelaySourceV4,
  type ListRelaySourceV4Request,
  type ListRelaySourceV4Result,
  listRelaySourceV4,
  type RelaySourceV4Item,
  type RelaySourceV4Pagination,
  type UpdateRelaySourceV4Request,
  updateRelaySourceV4,
} from "./api/relaySourceV4";
export type { Credentials, CredentialsProvider } from "./client/Credentials";
export type { ClientEvent } from "./client/ClientEvent";
export type { ResultAccepted, ResultRefused, ResultSchema } from "./client/ResultSchema";
export { type CallOptions, LiveClient } from "./client/LiveClient";
export {
  DEFAULT_RATE_LIMIT,
  type LiveClientOptions,
  type RetryOptions,
  type TimeoutOptions,
} from "./client/LiveClientOptions";
export type { RateLimit } from "./client/TokenBucket";
export { AmbiguousResultError } from "./errors/AmbiguousResultError";
export { ApiError } from "./errors/ApiError";
export { ConfigurationError } from "./errors/ConfigurationError";
export { ConfigurationNotFoundError } from "./errors/ConfigurationNotFoundError";
export { PartialFailureError } from "./errors/PartialFailureError";
export { RequestValidationError } from "./errors/RequestValidationError";
export { ResourceConflictError } from "./errors/ResourceConflictError";
export { ResourceIdError } from "./errors/ResourceIdError";
export { ResponseShapeError } from "./errors/ResponseShapeError";
export { TransportError, type TransportFailure } from "./errors/TransportError";
export type { ValidationIssue } from "./errors/ValidationIssue";
export { VolcLiveError } from "./errors/VolcLiveError";
export { type FixedRelayV4Args, FixedRelayV4, type RelayTime } from "./resources/fixedRelayV4/FixedRelayV4";
export type { FixedRelayV4State } from "./resources/fixedRelayV4/FixedRelayV4State";
export type { CallbackTarget, CallbackTargetArgs } from "./resources/liveCallback/CallbackTarget";
export { LiveCallback, type LiveCallbackArgs } from "./resources/liveCallback/LiveCallback";
export type { LiveCallbackState } from "./resources/liveCallback/LiveCallbackState";
export type { RelayProtocol } from "./api/RelayProtocol";
export { RelayGroupV3, type RelayGroupV3Args } from "./resources/relayGroupV3/RelayGroupV3";
export type { RelayGroupV3State } from "./resources/relayGroupV3/RelayGroupV3State";
export type { RelayServer, RelayServerArgs } from "./resources/relayGroupV3/RelayServer";
export { type SignableRequest, type SigningOptions, signRequest } from "./signer/signRequest";
export type { SchemaIssue } from "./validation/SchemaIssue";
