import { redactUrl } from './logger.js';

describe('redactUrl', () => {
  it('hides the values of api_key, token, ticket and access_token, whatever their case or position', () => {
    expect(redactUrl('/open311/v2/requests.json?api_key=s3cret&lat=1')).toBe(
      '/open311/v2/requests.json?api_key=[Redacted]&lat=1',
    );
    expect(redactUrl('/api/v1/notifications/stream?ticket=abc&lastEventId=x')).toBe(
      '/api/v1/notifications/stream?ticket=[Redacted]&lastEventId=x',
    );
    expect(redactUrl('/a?x=1&ACCESS_TOKEN=eyJ.a.b&token=t#frag')).toBe(
      '/a?x=1&ACCESS_TOKEN=[Redacted]&token=[Redacted]#frag',
    );
  });

  it('leaves other parameters alone, even ones whose names end like a secret', () => {
    expect(redactUrl('/a?mytoken=1&ticketId=2&page=3')).toBe('/a?mytoken=1&ticketId=2&page=3');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
