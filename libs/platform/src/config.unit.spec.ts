import { ConfigError, configVariables, loadConfig } from './config';
import { ServiceConfig } from './service-config';

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/lienthong_intake', KAFKA_BROKERS: '127.0.0.1:9092', AUTH_JWKS_URL: 'https://id.example/jwks' };

describe('loadConfig', () => {
  it('reads and converts the declared variables', () => {
    const config = loadConfig('intake', ServiceConfig, { ...valid, PORT: '3001', UNRELATED: 'x' });
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('names every missing or wrong variable in one error', () => {
    const attempt = () => loadConfig('intake', ServiceConfig, { KAFKA_BROKERS: 'no-port', PORT: '70000' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/KAFKA_BROKERS must be host:port/);
      expect(problems).toMatch(/PORT/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(() => loadConfig('intake', ServiceConfig, { ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
  });

  it('refuses to start without the identity provider\'s JWKS (no development default)', () => {
    expect(() => loadConfig('intake', ServiceConfig, { ...valid, AUTH_JWKS_URL: '' })).toThrow(/AUTH_JWKS_URL/);
    expect(() => loadConfig('intake', ServiceConfig, { ...valid, AUTH_JWKS_URL: 'file:///etc/keys' })).toThrow(/AUTH_JWKS_URL/);
  });

  it('lists the variables a config class declares', () => {
    expect(configVariables(ServiceConfig)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'HOST', 'LOG_LEVEL']),
    );
  });
});
