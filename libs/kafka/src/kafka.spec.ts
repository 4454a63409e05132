import { logLevel } from 'kafkajs';
import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoLogCreator } from './kafka';

const capture = (level: pino.Level) => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level }, stream) };
};

describe('pinoLogCreator', () => {
  it('writes kafkajs entries to pino at the matching level with their fields', async () => {
    const { lines, logger } = capture('info');
    const log = pinoLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Consumer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: 'ignored', logger: 'kafkajs', message: 'Crash', groupId: 'g-1' },
    });
    log({ namespace: 'Producer', level: logLevel.DEBUG, label: 'DEBUG', log: { timestamp: 'ignored', message: 'Too chatty' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'Crash', namespace: 'Consumer', groupId: 'g-1', component: 'kafkajs' }),
    ]);
    expect(lines[0]).not.toHaveProperty('timestamp');
    expect(lines[0]).not.toHaveProperty('logger');
  });
});
