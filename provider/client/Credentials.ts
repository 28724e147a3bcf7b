export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** Called for every API call, so rotated credentials take effect without a restart. */
export type CredentialsProvider = () => Credentials | Promise<Credentials>;
