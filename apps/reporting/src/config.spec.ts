import { loadConfig } from '@cls/config';
import { defaultMonitoringPolicy } from '@cls/domain';
import { ReportingConfig } from './config';

describe('reporting config', () => {
  const base = { JWT_SECRET: 'x'.repeat(32) };

  it("requires the API's token issuer or signing key: readers present the API's tokens", () => {
    expect(() => loadConfig(ReportingConfig, {})).toThrow('AUTH_OIDC_ISSUER: is required unless JWT_SECRET is set');
    expect(loadConfig(ReportingConfig, { AUTH_OIDC_ISSUER: 'https://login.example.org/realms/council' }).AUTH_OIDC_ISSUER).toBe('https://login.example.org/realms/council');
  });

  it('schedules by the monitoring policy given, or by its defaults', () => {
    expect(loadConfig(ReportingConfig, base).CLS_MONITORING_POLICY).toEqual(defaultMonitoringPolicy);
    const later = loadConfig(ReportingConfig, { ...base, CLS_MONITORING_POLICY: JSON.stringify({ returns: { dueDaysAfterPeriodEnd: 42 } }) });
    expect(later.CLS_MONITORING_POLICY.returns).toEqual({ ...defaultMonitoringPolicy.returns, dueDaysAfterPeriodEnd: 42 });
  });

  it.each([
    ['text that is not JSON', '{returns', /CLS_MONITORING_POLICY: must be JSON/],
    ['a policy that breaks its schema', '{"returns":{"dueDaysAfterPeriodEnd":-1}}', /CLS_MONITORING_POLICY/],
  ])('refuses %s, naming the variable', (_, value, message) => {
    expect(() => loadConfig(ReportingConfig, { ...base, CLS_MONITORING_POLICY: value })).toThrow(message);
  });
});
