import { classifyError } from '../../src/delivery/send';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifying transport errors into attempt error kinds', () => {
  it('DNS failures', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']) {
      expect(classifyError(withCode(code)).errorKind).toBe('dns');
    }
    // undici wraps the resolver's error as the cause
    expect(classifyError(Object.assign(new TypeError('fetch failed'), { cause: withCode('ENOTFOUND') })).errorKind).toBe('dns');
  });

  it('timeouts, from undici or from the abort signal', () => {
    for (const code of ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']) {
      expect(classifyError(withCode(code)).errorKind).toBe('timeout');
    }
    expect(classifyError(Object.assign(new Error('aborted'), { name: 'TimeoutError' })).errorKind).toBe('timeout');
    const aborted = AbortSignal.abort();
    expect(classifyError(new Error('whatever'), aborted).errorKind).toBe('timeout');
  });

  it('everything else is a connection failure, named by its code', () => {
    const refused = classifyError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'));
    expect(refused).toEqual({ errorKind: 'connection', message: 'connection failed (ECONNREFUSED)' });
    expect(classifyError(withCode('ECONNRESET')).errorKind).toBe('connection');
    expect(classifyError(new Error('socket hang up')).message).toBe('connection failed (socket hang up)');
  });
});
