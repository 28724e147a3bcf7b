import type { RawRequest } from "../http/RawRequest";

/** Decides which account a request belongs to, or throws the gateway's ApiFailure. */
export interface IAuthenticator {
  authenticate(request: RawRequest): { readonly accessKeyId: string };
}

export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}
