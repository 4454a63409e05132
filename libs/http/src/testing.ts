import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * A GET with one header field of `bytes` bytes, over a real connection: Node's HTTP parser refuses it before any
 * framework sees it, which supertest's in-process requests do not show.
 */
export const requestWithHeaderOf = (url: string, bytes: number): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const call = httpRequest(url, { headers: { 'x-padding': 'a'.repeat(bytes) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end();
  });
