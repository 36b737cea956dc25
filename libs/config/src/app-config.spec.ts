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
    ['QUEUE_PREFIX', '{unclosed'],
    ['QUEUE_PREFIX', 'a{b}'],
    ['REDIS_SENTINELS', 'host-without-port'],
    ['REDIS_SENTINELS', '10.0.0.1:26379;10.0.0.2:26379'],
    ['REDIS_SENTINELS', '10.0.0.1:99999'],
    ['REDIS_SENTINEL_NAME', 'has space'],
    ['REDIS_CLUSTER_NODES', 'n1:7000,'],
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

  it('takes a hash-tagged queue prefix for Redis Cluster', () => {
    expect(loadConfig({ QUEUE_PREFIX: '{gridflow}' }).queuePrefix).toBe('{gridflow}');
  });

  it('reaches Redis directly unless sentinels are named', () => {
    expect(loadConfig({}).redisSentinel).toBeNull();
    expect(
      loadConfig({ REDIS_SENTINELS: 's1.local:26379,10.0.0.2:26380', REDIS_SENTINEL_PASSWORD: 'pw' }).redisSentinel,
    ).toEqual({
      sentinels: [
        { host: 's1.local', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      password: 'pw',
    });
    expect(loadConfig({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'gf-redis' }).redisSentinel?.name).toBe(
      'gf-redis',
    );
  });

  it('takes cluster nodes only with a hash-tagged prefix, and never with sentinels', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', QUEUE_PREFIX: '{gf}' }).redisCluster).toEqual({
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
    });
    expect(loadConfig({}).redisCluster).toBeNull();
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000' })).toThrow(/QUEUE_PREFIX must be hash-tagged/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000', REDIS_SENTINELS: 's:1', QUEUE_PREFIX: '{gf}' })).toThrow(
      /one or the other/,
    );
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
