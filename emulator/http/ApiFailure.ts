/**
 * The gateway's numeric codes. Only gateway errors carry a CodeN: Live's own errors (InvalidParam…, CommonErr) are
 * modelled with Code and Message alone, and the Live documentation says only some interfaces provide CodeN.
 */
const GATEWAY_CODE_N: Readonly<Record<string, number>> = {
  UndefinedError: 100001,
  MissingParameter: 100002,
  MissingAuthenticationToken: 100003,
  MissingRequestInfo: 100004,
  MissingSignature: 100005,
  InvalidTimestamp: 100006,
  ServiceNotFound: 100007,
  InvalidActionOrVersion: 100008,
  InvalidAccessKey: 100009,
  SignatureDoesNotMatch: 100010,
  LackPolicy: 100012,
  AccessDenied: 100013,
};

/**
 * An error the emulated service answers with: HTTP status plus `ResponseMetadata.Error{CodeN?, Code, Message}`.
 * The CodeN is the gateway's for its codes and absent otherwise, unless given (null: absent).
 */
export class ApiFailure extends Error {
  readonly codeN: number | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    codeN?: number | null,
  ) {
    super(message);
    this.name = "ApiFailure";
    this.codeN = codeN === undefined ? GATEWAY_CODE_N[code] : (codeN ?? undefined);
  }
}

/** Gateway errors with their documented HTTP statuses and CodeN values. */
export const gateway = {
  missingAuthenticationToken: () =>
    new ApiFailure(401, "MissingAuthenticationToken", "Request is missing Authorization header."),
  missingRequestInfo: (what: string) => new ApiFailure(400, "MissingRequestInfo", `Request is missing ${what}.`),
  missingSignature: (why: string) => new ApiFailure(401, "MissingSignature", `Malformed Authorization: ${why}.`),
  invalidTimestamp: (xDate: string) =>
    new ApiFailure(403, "InvalidTimestamp", `The request X-Date ${xDate} is more than 15 minutes off.`),
  invalidActionOrVersion: (action: string, version: string) =>
    new ApiFailure(404, "InvalidActionOrVersion", `Could not find operation ${action} for version ${version}.`),
  invalidAccessKey: () =>
    new ApiFailure(401, "InvalidAccessKey", "The AccessKey ID you provided does not exist in our records."),
  signatureDoesNotMatch: (why: string) =>
    new ApiFailure(
      401,
      "SignatureDoesNotMatch",
      `The request signature we calculated does not match the signature you provided (${why}).`,
    ),
  methodNotAllowed: (method: string) => new ApiFailure(405, "MethodNotAllowed", `Method ${method} is not allowed.`),
  flowLimitExceeded: (action: string) =>
    new ApiFailure(429, "FlowLimitExceeded", `Request frequency of ${action} exceeded the limit.`),
  internalError: () =>
    new ApiFailure(500, "InternalError", "The request processing has failed due to some unknown error."),
} as const;

/** Live-specific errors. */
export const live = {
  invalidParam: (message: string) => new ApiFailure(400, "InvalidParam", message),
  bindError: (message: string) =>
    new ApiFailure(400, "InvalidParam.BindError", `Request parameter error, please check input data: ${message}`),
  outOfRange: (field: string, min: number, max: number) =>
    new ApiFailure(400, "InvalidParam.OutOfRange", `${field} should be between ${min} and ${max}`),
} as const;
