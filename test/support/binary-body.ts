import type { Response } from 'supertest';

/** A supertest parser that keeps the body as a Buffer (exports, reports): `.buffer(true).parse(binaryParser)`. */
export function binaryParser(res: Response, callback: (err: Error | null, body: Buffer) => void) {
  // at run time the response is the incoming message stream
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
