import { gateway } from "../http/ApiFailure";
import { headerValue, type RawRequest } from "../http/RawRequest";
import type { EmulatorCredentials, IAuthenticator } from "./IAuthenticator";

/**
 * Trusts the access key named in the Authorization header without checking the signature (LocalStack's default).
 * For benchmarks and for clients whose signer is under construction; the default is SignatureAuthenticator.
 */
export class AccessKeyAuthenticator implements IAuthenticator {
  private readonly known: Set<string>;

  constructor(credentials: readonly EmulatorCredentials[]) {
    this.known = new Set(credentials.map((credential) => credential.accessKeyId));
  }

  authenticate(request: RawRequest): { accessKeyId: string } {
    const authorization = headerValue(request, "authorization");
    if (authorization === undefined || authorization.trim() === "") {
      throw gateway.missingAuthenticationToken();
    }
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
    if (accessKeyId === undefined) {
      throw gateway.missingSignature("no Credential");
    }
    if (!this.known.has(accessKeyId)) {
      throw gateway.invalidAccessKey();
    }
    return { accessKeyId };
  }
}
