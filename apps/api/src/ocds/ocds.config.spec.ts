import { ConfigError, loadConfig } from '@cls/config';
import { OcdsConfig, placeholderOcidPrefix } from './ocds.config';

describe('OCDS settings', () => {
  it('given nothing set, then the packages are not public and ocids use the placeholder prefix', () => {
    expect(loadConfig(OcdsConfig, {})).toMatchObject({
      CLS_OCDS_PUBLIC: false,
      CLS_OCDS_OCID_PREFIX: placeholderOcidPrefix,
      CLS_OCDS_BASE_URL: 'http://127.0.0.1:3000',
    });
  });

  it('given a deployment’s settings, then they are taken, the base URL without its trailing slash', () => {
    expect(
      loadConfig(OcdsConfig, { CLS_OCDS_PUBLIC: 'true', CLS_OCDS_OCID_PREFIX: 'ocds-213czf', CLS_OCDS_BASE_URL: 'https://contracts.example.gov.uk/api/' }),
    ).toMatchObject({ CLS_OCDS_PUBLIC: true, CLS_OCDS_OCID_PREFIX: 'ocds-213czf', CLS_OCDS_BASE_URL: 'https://contracts.example.gov.uk/api' });
  });

  it.each([
    ['an unregistrable prefix', { CLS_OCDS_OCID_PREFIX: 'OCDS-ABC' }, 'CLS_OCDS_OCID_PREFIX'],
    ['a flag that is not a boolean', { CLS_OCDS_PUBLIC: 'sometimes' }, 'CLS_OCDS_PUBLIC'],
    ['a base URL that is not one', { CLS_OCDS_BASE_URL: 'contracts' }, 'CLS_OCDS_BASE_URL'],
  ])('refuses %s, naming the variable', (_case, env, variable) => {
    expect(() => loadConfig(OcdsConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(OcdsConfig, env)).toThrow(variable);
  });
});
