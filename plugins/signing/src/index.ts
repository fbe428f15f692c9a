export {
  formatAuthorization,
  parseAuthorization,
  SIGN_METHOD,
  type AuthorizationParse,
  type ParsedAuthorization,
} from './authorization-header';
export { bodyHash, EMPTY_BODY_HASH_SINCE, signsRequestBody } from './body-hash';
export { signedContentType } from './content-type';
export { DEFAULT_HASH_ALGORITHM, hashAlgorithmFor } from './hash-algorithm';
export { isoKeyDate } from './key-date';
export { signRequest, type SignedRequest, type SignRequestInput } from './sign-request';
export { computeSignature, signatureMatches } from './signature';
export { deriveSigningKey } from './signing-key';
export { buildStringToSign, type SignedFields } from './string-to-sign';
