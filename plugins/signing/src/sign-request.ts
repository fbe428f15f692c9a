import { formatAuthorization } from './authorization-header';
import { DEFAULT_HASH_ALGORITHM } from './hash-algorithm';
import { isoKeyDate } from './key-date';
import { computeSignature } from './signature';
import { buildStringToSign, type SignedFields } from './string-to-sign';

export interface SignRequestInput extends SignedFields {
  accessKey: string;
  secretKey: string;
}

export interface SignedRequest {
  /** The value of the `Authorization` header. */
  authorization: string;
  signature: string;
  stringToSign: string;
}

/**
 * Signs one outgoing request with HMAC-SHA256, as Backend.AI clients do. The caller sends
 * `rawDate` (ISO 8601) as the `Date` (and `X-BackendAI-Date`) header and the other fields unchanged.
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  const signature = computeSignature(
    DEFAULT_HASH_ALGORITHM,
    input.secretKey,
    isoKeyDate(input.rawDate),
    input,
  );
  return {
    authorization: formatAuthorization(input.accessKey, signature),
    signature,
    stringToSign: buildStringToSign(DEFAULT_HASH_ALGORITHM, input),
  };
}
