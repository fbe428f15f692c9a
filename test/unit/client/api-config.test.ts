import { expect } from 'chai';
import { ApiConfig, BackendClientError, DEFAULT_API_VERSION } from '@tessera/client';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const BASE = {
  BACKEND_ENDPOINT: 'http://127.0.0.1:8091',
  BACKEND_ACCESS_KEY: 'AKTEST',
  BACKEND_SECRET_KEY: SECRET,
};

function configError(env: NodeJS.ProcessEnv): BackendClientError {
  try {
    ApiConfig.fromEnv(env);
  } catch (error) {
    expect(error).to.be.instanceOf(BackendClientError);
    return error as BackendClientError;
  }
  throw new Error('ApiConfig.fromEnv accepted the environment');
}

describe('ApiConfig.fromEnv (ops-spec §6.1)', () => {
  it('reads every variable, with Backend.AI defaults for the optional ones', () => {
    const defaults = ApiConfig.fromEnv(BASE);
    expect(defaults.endpoints.map(String)).to.deep.equal(['http://127.0.0.1:8091/']);
    expect(defaults).to.include({
      accessKey: 'AKTEST',
      secretKey: SECRET,
      endpointType: 'api',
      domain: 'default',
      group: 'default',
      version: DEFAULT_API_VERSION,
      connectionTimeout: 10,
      readTimeout: 0,
      skipSslCertValidation: false,
    });

    const full = ApiConfig.fromEnv({
      ...BASE,
      BACKEND_ENDPOINT: ' https://a.example.com:8443 , http://b.example.com ',
      BACKEND_ENDPOINT_TYPE: 'api',
      BACKEND_DOMAIN: 'research',
      BACKEND_GROUP: 'vision',
      BACKEND_CONNECTION_TIMEOUT: '2.5',
      BACKEND_READ_TIMEOUT: '30',
      BACKEND_SKIP_SSLCERT_VALIDATION: 'Yes',
      BACKEND_VFOLDER_MOUNTS: 'data, models',
    });
    expect(full.endpoints.map((url) => url.host)).to.deep.equal(['a.example.com:8443', 'b.example.com']);
    expect(full).to.include({ domain: 'research', group: 'vision', connectionTimeout: 2.5, readTimeout: 30 });
    expect(full.skipSslCertValidation).to.equal(true);
    expect(full.vfolderMounts).to.deep.equal(['data', 'models']);
  });

  it('falls back to the legacy SORNA_ names, and BACKEND_ wins when both are set', () => {
    const legacy = ApiConfig.fromEnv({
      SORNA_ENDPOINT: 'http://old:8081',
      SORNA_ACCESS_KEY: 'AKOLD',
      SORNA_SECRET_KEY: 'old-secret',
      SORNA_GROUP: 'legacy-group',
    });
    expect(legacy.endpoints[0].host).to.equal('old:8081');
    expect(legacy).to.include({ accessKey: 'AKOLD', secretKey: 'old-secret', group: 'legacy-group' });

    const both = ApiConfig.fromEnv({ ...BASE, SORNA_ACCESS_KEY: 'AKOLD', SORNA_ENDPOINT: 'http://old:8081' });
    expect(both.accessKey).to.equal('AKTEST');
    expect(both.endpoints[0].host).to.equal('127.0.0.1:8091');
  });

  it('names every missing variable in one message', () => {
    const none = configError({});
    expect(none.reason).to.equal('config-missing');
    expect(none.message).to.match(/^BACKEND_ENDPOINT, BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY are not set/);
    expect(configError({ ...BASE, BACKEND_SECRET_KEY: undefined }).message).to.match(
      /^BACKEND_SECRET_KEY is not set/,
    );
    expect(configError({ ...BASE, BACKEND_SECRET_KEY: '' }).message).to.match(
      /^BACKEND_SECRET_KEY is not set/,
    );
    expect(configError({ ...BASE, BACKEND_ENDPOINT: ' , ' }).message).to.match(
      /^BACKEND_ENDPOINT is not set/,
    );
  });

  it('treats an explicitly empty access key as anonymous (no secret needed)', () => {
    const anonymous = ApiConfig.fromEnv({
      BACKEND_ENDPOINT: 'http://127.0.0.1:8091',
      BACKEND_ACCESS_KEY: '',
    });
    expect(anonymous.anonymous).to.equal(true);
    expect(ApiConfig.fromEnv(BASE).anonymous).to.equal(false);
  });

  it('rejects wrong values, naming the variable and the value', () => {
    expect(configError({ ...BASE, BACKEND_ENDPOINT: 'localhost:8091' }).message).to.equal(
      'BACKEND_ENDPOINT must be an http or https URL, got "localhost:8091"',
    );
    expect(configError({ ...BASE, BACKEND_ENDPOINT: 'not a url' }).message).to.match(
      /^BACKEND_ENDPOINT must be an absolute/,
    );
    expect(configError({ ...BASE, SORNA_ENDPOINT: 'ftp://x', BACKEND_ENDPOINT: undefined }).message).to.match(
      /^SORNA_ENDPOINT/,
    );
    expect(configError({ ...BASE, BACKEND_ENDPOINT_TYPE: 'webui' }).message).to.match(
      /^BACKEND_ENDPOINT_TYPE must be/,
    );
    expect(configError({ ...BASE, BACKEND_READ_TIMEOUT: '-1' }).message).to.match(
      /^BACKEND_READ_TIMEOUT must be a number/,
    );
    expect(configError({ ...BASE, BACKEND_CONNECTION_TIMEOUT: 'ten' }).message).to.include('"ten"');
    expect(configError({ ...BASE, BACKEND_SKIP_SSLCERT_VALIDATION: 'maybe' }).message).to.match(
      /^BACKEND_SKIP_SSLCERT_VALIDATION must be yes or no/,
    );
    expect(configError({ ...BASE, BACKEND_ENDPOINT_TYPE: 'webui' }).reason).to.equal('config-invalid');
  });

  it('keeps the secret key out of logs and error messages', () => {
    const config = ApiConfig.fromEnv(BASE);
    expect(JSON.stringify(config)).to.not.include(SECRET);
    expect(Object.keys(config)).to.not.include('secretKey');
    expect(configError({ ...BASE, BACKEND_READ_TIMEOUT: 'x' }).message).to.not.include(SECRET);
  });
});
