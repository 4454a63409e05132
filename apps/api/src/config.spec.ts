import { loadConfig } from '@cls/config';
import { ApiConfig } from './config';

const base = { JWT_SECRET: 'a'.repeat(32), JWT_ISSUER: 'cls', JWT_AUDIENCE: 'cls-api' };

describe('API configuration: the deployment procurement policy', () => {
  it('given no policy, then the workflows decide under the defaults', () => {
    expect(loadConfig(ApiConfig, base).CLS_PROCUREMENT_POLICY).toBeUndefined();
  });

  it('given a policy as JSON, then it is kept as given, before defaults, for each new contract to record', () => {
    const config = loadConfig(ApiConfig, { ...base, CLS_PROCUREMENT_POLICY: '{"standstill":{"workingDays":10}}' });
    expect(config.CLS_PROCUREMENT_POLICY).toEqual({ standstill: { workingDays: 10 } });
  });

  it.each([
    ['text that is not JSON', '{standstill', 'CLS_PROCUREMENT_POLICY: must be JSON'],
    ['a rule the policy refuses', '{"standstill":{"workingDays":0}}', 'CLS_PROCUREMENT_POLICY: standstill.workingDays:'],
  ])('refuses %s at start, naming the variable and the rule', (_case, value, message) => {
    expect(() => loadConfig(ApiConfig, { ...base, CLS_PROCUREMENT_POLICY: value })).toThrow(message);
  });
});

describe('API configuration: the deployment monitoring policy', () => {
  it('given no policy, then contracts are managed under the defaults', () => {
    expect(loadConfig(ApiConfig, base).CLS_MONITORING_POLICY).toBeUndefined();
  });

  it('given a policy as JSON, then it is kept as given, before defaults, for each new contract to record', () => {
    const ladder = [{ level: 'contract-manager', title: 'Contract manager', daysBeforeNextStep: 7 }, { level: 'governance-board', title: 'Board' }];
    const config = loadConfig(ApiConfig, { ...base, CLS_MONITORING_POLICY: JSON.stringify({ escalation: { ladder } }) });
    expect(config.CLS_MONITORING_POLICY).toEqual({ escalation: { ladder } });
  });

  it.each([
    ['text that is not JSON', '{escalation', 'CLS_MONITORING_POLICY: must be JSON'],
    ['a ladder step without its interval', '{"escalation":{"ladder":[{"level":"a","title":"A"},{"level":"b","title":"B"}]}}', 'CLS_MONITORING_POLICY: escalation.ladder.0'],
  ])('refuses %s at start, naming the variable and the rule', (_case, value, message) => {
    expect(() => loadConfig(ApiConfig, { ...base, CLS_MONITORING_POLICY: value })).toThrow(message);
  });
});

describe('API configuration: how long a command may take', () => {
  it('given nothing, then a request waits 20 s for its command and a 503 asks for a retry after 5 s', () => {
    const config = loadConfig(ApiConfig, base);
    expect([config.CLS_COMMAND_WAIT_SECONDS, config.CLS_COMMAND_RETRY_AFTER_SECONDS]).toEqual([20, 5]);
  });

  it.each([
    ['CLS_COMMAND_WAIT_SECONDS', '0'],
    ['CLS_COMMAND_WAIT_SECONDS', 'soon'],
    ['CLS_COMMAND_RETRY_AFTER_SECONDS', '-1'],
  ])('refuses %s=%s at start, naming the variable', (variable, value) => {
    expect(() => loadConfig(ApiConfig, { ...base, [variable]: value })).toThrow(variable);
  });
});

describe('API configuration: who signs the tokens', () => {
  const issuer = { AUTH_OIDC_ISSUER: 'https://login.example.org/realms/council' };

  it("accepts an OpenID Connect issuer alone, given the audit trail's cursor key, which it cannot derive without JWT_SECRET", () => {
    expect(() => loadConfig(ApiConfig, issuer)).toThrow('AUDIT_CURSOR_SECRET: is required when JWT_SECRET is unset');
    const config = loadConfig(ApiConfig, { ...issuer, AUDIT_CURSOR_SECRET: 'c'.repeat(32) });
    expect([config.AUTH_OIDC_ISSUER, config.JWT_SECRET]).toEqual([issuer.AUTH_OIDC_ISSUER, undefined]);
  });

  it('refuses to start with neither an issuer nor a development key', () => {
    expect(() => loadConfig(ApiConfig, {})).toThrow('AUTH_OIDC_ISSUER: is required unless JWT_SECRET is set');
  });
});
