import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses development defaults and warns about the development-only secrets', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/gridflow');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.piiKey).toHaveLength(32);
    expect(config.warnings.join('\n')).toMatch(/JWT_SECRET/);
    expect(config.warnings.join('\n')).toMatch(/PII_KEY/);
  });

  it('reads and converts values', () => {
    const config = loadConfig({ PORT: '8080', PUBLIC_BASE_URL: 'https://grid.example.cn/', LOG_LEVEL: 'debug' });
    expect(config.port).toBe(8080);
    expect(config.publicBaseUrl).toBe('https://grid.example.cn');
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['REDIS_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['PII_KEY', 'tooshort'],
    ['JWT_SECRET', 'short'],
    ['QUEUE_PREFIX', 'has space'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as ConfigError).message).toContain(name);
      if (/SECRET|KEY/.test(name)) expect((err as ConfigError).message).not.toContain(value);
    }
  });

  it('refuses to start in production without JWT_SECRET and PII_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required.*\n.*PII_KEY is required/s);
  });

  it('starts in production with both secrets and no warnings', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), PII_KEY: 'ab'.repeat(32) });
    expect(config.isProduction).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});

describe('web console settings', () => {
  it('serves dist/web by default and no map tiles', () => {
    const config = loadConfig({});
    expect(config.webDir).toMatch(/dist\/web$/);
    expect(config.webTiles).toBeNull();
  });

  it('takes a tile URL template with {z}/{x}/{y}', () => {
    const config = loadConfig({
      WEB_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png',
      WEB_TILE_ATTRIBUTION: '© 测绘',
    });
    expect(config.webTiles).toEqual({
      url: 'https://tiles.example.cn/{z}/{x}/{y}.png',
      attribution: '© 测绘',
      subdomains: null,
    });
  });

  it('refuses a tile URL that is not an http(s) template', () => {
    expect(() => loadConfig({ WEB_TILE_URL: 'javascript:alert(1)' })).toThrow(/WEB_TILE_URL/);
    expect(() => loadConfig({ WEB_TILE_URL: 'https://tiles.example.cn/static.png' })).toThrow(/WEB_TILE_URL/);
    expect(() => loadConfig({ WEB_TILE_URL: 'https://x/{z}/{x}/{y}', WEB_TILE_SUBDOMAINS: 'a-b' })).toThrow(
      /WEB_TILE_SUBDOMAINS/,
    );
  });
});
